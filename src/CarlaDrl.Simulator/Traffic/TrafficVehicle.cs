namespace CarlaDrl.Simulator.Traffic;

/// <summary>A non-player vehicle: a driver on a <see cref="LanePlan"/>, moved kinematically along lane centres.</summary>
public sealed class TrafficVehicle
{
    internal TrafficVehicle(int index, uint id, double halfLength, double halfWidth, double halfHeight, bool twoWheeled, double shade)
    {
        Index = index;
        Id = id;
        HalfLength = halfLength;
        HalfWidth = halfWidth;
        HalfHeight = halfHeight;
        TwoWheeled = twoWheeled;
        Shade = shade;
    }

    public int Index { get; }

    /// <summary>Protocol agent id, stable within the episode.</summary>
    public uint Id { get; }

    public LanePlan Plan { get; } = new();

    /// <summary>Half length, width and height of the body box, m.</summary>
    public double HalfLength { get; }

    public double HalfWidth { get; }

    public double HalfHeight { get; }

    public bool TwoWheeled { get; }

    /// <summary>0..1, picks the body colour.</summary>
    public double Shade { get; }

    /// <summary>Forward speed, m/s.</summary>
    public double Speed { get; internal set; }

    public double X { get; internal set; }

    public double Y { get; internal set; }

    /// <summary>Yaw, radians.</summary>
    public double Yaw { get; internal set; }

    /// <summary>Seconds the vehicle has been held still after a hit by the player.</summary>
    internal double StunnedSeconds { get; set; }

    /// <summary>Seconds the vehicle has been standing still.</summary>
    public double WaitedSeconds { get; internal set; }

    /// <summary>A parked vehicle never moves (scenario obstacles).</summary>
    public bool Parked { get; internal set; }

    internal void SyncPose()
    {
        var pose = Plan.Current.PoseAt(Plan.S);
        X = pose.Position.X;
        Y = pose.Position.Y;
        Yaw = pose.HeadingRadians;
    }
}
