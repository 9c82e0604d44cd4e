namespace CarlaDrl.Simulator.Traffic;

/// <summary>A pedestrian walking a sidewalk loop, crossing at crosswalks during the walk phase.</summary>
public sealed class Pedestrian
{
    internal Pedestrian(int index, uint id, double walkingSpeed, double shade)
    {
        Index = index;
        Id = id;
        WalkingSpeed = walkingSpeed;
        Shade = shade;
    }

    /// <summary>Half extents of every pedestrian's box (CARLA 0.8.4: all pedestrians share one box), m.</summary>
    public const double HalfLength = 0.25;

    public const double HalfWidth = 0.25;

    public const double HalfHeight = 0.9;

    /// <summary>Radius used for collisions and by drivers, m.</summary>
    public const double Radius = 0.35;

    public int Index { get; }

    public uint Id { get; }

    /// <summary>Preferred walking speed, m/s.</summary>
    public double WalkingSpeed { get; }

    public double Shade { get; }

    public PedestrianState State { get; internal set; }

    public double X { get; internal set; }

    public double Y { get; internal set; }

    /// <summary>Facing, radians.</summary>
    public double Yaw { get; internal set; }

    /// <summary>Current speed, m/s.</summary>
    public double Speed { get; internal set; }

    internal int Loop { get; set; }

    internal double U { get; set; }

    internal int Direction { get; set; } = 1;

    internal int Crosswalk { get; set; } = -1;

    internal bool CrossingFromA { get; set; }

    internal double Progress { get; set; }

    internal double Timer { get; set; }
}
