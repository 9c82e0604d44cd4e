using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Non-player vehicles: spawned on random road lanes away from the player and from each other, choosing random
/// turns at junctions, following lanes with <see cref="DriverModel"/> (IDM car following, red lights, curves,
/// pedestrians and the player in their path). Two-wheelers are included unless disabled, as in CARLA 0.8.4.
/// </summary>
public sealed class TrafficManager
{
    /// <summary>Closest spawn distance between two vehicles' centres, m.</summary>
    public const double SpawnSpacingMeters = 12;

    /// <summary>Closest spawn distance to the player's start, m.</summary>
    public const double SpawnPlayerClearanceMeters = 25;

    /// <summary>Owner ids of traffic vehicles start here; the player is 0, pedestrians 1_000_000+.</summary>
    public const int OwnerBase = 1;

    private readonly TownLayout _layout;
    private readonly DriverParameters _driver;
    private readonly List<TrafficVehicle> _vehicles = [];
    private readonly List<Lane> _roadLanes;
    private readonly double _totalRoadLength;
    private Rng _rng = new(0UL);

    public TrafficManager(TownLayout layout, DriverParameters? driver = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _driver = driver ?? DriverParameters.Traffic;
        _roadLanes = layout.Network.Lanes.Where(l => l.Kind == LaneKind.Road).ToList();
        _totalRoadLength = _roadLanes.Sum(l => l.Length);
    }

    public IReadOnlyList<TrafficVehicle> Vehicles => _vehicles;

    /// <summary>The vehicles as a concrete list, for allocation-free loops in the step.</summary>
    internal List<TrafficVehicle> VehicleList => _vehicles;

    /// <summary>Removes all vehicles and spawns <paramref name="count"/> new ones (fewer when the town is full).</summary>
    public void Spawn(int count, Rng rng, Vec2 playerStart, bool allowTwoWheeled, Func<int, uint> idOf)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(idOf);
        _rng = rng;
        _vehicles.Clear();
        int attempts = 0;
        while (_vehicles.Count < count && attempts < count * 50)
        {
            attempts++;
            (Lane lane, double s) = RandomRoadPoint(rng);
            Vec2 p = lane.PositionAt(s);
            if (Vec2.Distance(p, playerStart) < SpawnPlayerClearanceMeters || _vehicles.Any(v => Vec2.Distance(new Vec2(v.X, v.Y), p) < SpawnSpacingMeters))
            {
                continue;
            }

            bool twoWheeled = allowTwoWheeled && rng.NextDouble() < 0.1;
            var vehicle = twoWheeled
                ? new TrafficVehicle(_vehicles.Count, idOf(_vehicles.Count), 1.0, 0.4, 0.8, true, rng.NextDouble())
                : new TrafficVehicle(_vehicles.Count, idOf(_vehicles.Count), rng.Uniform(2.1, 2.5), rng.Uniform(0.9, 1.05), rng.Uniform(0.7, 0.9), false, rng.NextDouble());
            vehicle.Plan.ResetRandom(lane, s, rng);
            vehicle.SyncPose();
            _vehicles.Add(vehicle);
        }
    }

    /// <summary>Places one extra vehicle (for scenarios and tests); <paramref name="parked"/> keeps it still.</summary>
    public TrafficVehicle Add(Lane lane, double s, double speed, bool parked, uint id)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var vehicle = new TrafficVehicle(_vehicles.Count, id, 2.4, 1.0, 0.75, false, 0.5) { Parked = parked, Speed = parked ? 0 : speed };
        vehicle.Plan.ResetRandom(lane, s, _rng);
        vehicle.SyncPose();
        _vehicles.Add(vehicle);
        return vehicle;
    }

    /// <summary>
    /// Adds the vehicles that are inside junctions to the free bodies: there, paths cross, and lane lists alone do not
    /// show who is in whose way.
    /// </summary>
    public void AddJunctionBodies(ObstacleField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        for (int i = 0; i < _vehicles.Count; i++)
        {
            TrafficVehicle v = _vehicles[i];
            if (v.Plan.Current.Kind == LaneKind.Junction)
            {
                field.AddVehicle(OwnerBase + v.Index, v.X, v.Y, v.Yaw, v.HalfLength, v.HalfWidth, v.Speed);
            }
        }
    }

    /// <summary>Advances every vehicle by <paramref name="dt"/> seconds.</summary>
    public void Step(double dt, TrafficContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        for (int i = 0; i < _vehicles.Count; i++)
        {
            TrafficVehicle v = _vehicles[i];
            if (v.Parked)
            {
                continue;
            }

            if (v.StunnedSeconds > 0)
            {
                v.StunnedSeconds -= dt;
                v.Speed = 0;
                continue;
            }

            double a = DriverModel.DesiredAcceleration(v.Plan, new Vec2(v.X, v.Y), v.Yaw, v.Speed, v.HalfLength, v.HalfWidth, OwnerBase + v.Index, v.Index, context, _driver);
            double v1 = Math.Max(0, v.Speed + (a * dt));
            v.Plan.Advance(0.5 * (v.Speed + v1) * dt);
            v.Speed = v1;
            v.WaitedSeconds = v1 < 0.1 ? v.WaitedSeconds + dt : 0;
            v.SyncPose();
        }
    }

    private (Lane Lane, double S) RandomRoadPoint(Rng rng)
    {
        double target = rng.NextDouble() * _totalRoadLength;
        foreach (Lane lane in _roadLanes)
        {
            if (target <= lane.Length)
            {
                return (lane, Math.Clamp(target, 3, Math.Max(3, lane.Length - 3)));
            }

            target -= lane.Length;
        }

        return (_roadLanes[^1], _roadLanes[^1].Length / 2);
    }
}
