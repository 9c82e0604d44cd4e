using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.World;

/// <summary>
/// The player's part of a frame (spec §4 <c>PlayerMeasurements</c>, semantics in §6). Mutable because worlds
/// refill one instance per frame without allocating.
/// </summary>
public sealed class PlayerMeasurements
{
    /// <summary>Vehicle pivot pose (m, degrees).</summary>
    public Transform Transform { get; set; }

    /// <summary>World-frame acceleration, m/s².</summary>
    public Vector3D Acceleration { get; set; }

    /// <summary>Signed speed along the chassis forward axis, m/s.</summary>
    public float ForwardSpeed { get; set; }

    /// <summary>Accumulated normal impulse of hits with vehicles this episode, kg·m/s; never decreases.</summary>
    public float CollisionVehicles { get; set; }

    /// <summary>Accumulated normal impulse of hits with pedestrians this episode, kg·m/s; never decreases.</summary>
    public float CollisionPedestrians { get; set; }

    /// <summary>Accumulated normal impulse of hits with anything else (buildings, poles, map edge), kg·m/s.</summary>
    public float CollisionOther { get; set; }

    /// <summary>Fraction 0..1 of the footprint on opposite-direction lanes, this frame.</summary>
    public float IntersectionOtherLane { get; set; }

    /// <summary>Fraction 0..1 of the footprint off the road (sidewalk, grass, …), this frame.</summary>
    public float IntersectionOffRoad { get; set; }

    /// <summary>What the world's autopilot would apply this frame; echoing it back drives on autopilot.</summary>
    public VehicleControl AutopilotControl { get; set; }

    /// <summary>The player's box relative to its pivot; extent is the half-size in m.</summary>
    public BoundingBox BoundingBox { get; set; }

    public void CopyTo(PlayerMeasurements other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.Transform = Transform;
        other.Acceleration = Acceleration;
        other.ForwardSpeed = ForwardSpeed;
        other.CollisionVehicles = CollisionVehicles;
        other.CollisionPedestrians = CollisionPedestrians;
        other.CollisionOther = CollisionOther;
        other.IntersectionOtherLane = IntersectionOtherLane;
        other.IntersectionOffRoad = IntersectionOffRoad;
        other.AutopilotControl = AutopilotControl;
        other.BoundingBox = BoundingBox;
    }
}
