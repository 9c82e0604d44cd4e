namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Bodies that drivers must see without a lane to look them up by — the player's car and pedestrians on the road —
/// as circles: a vehicle is three circles along its length, a pedestrian one. Each body keeps a bounding circle for a
/// cheap first test. Rebuilt once per tick into preallocated storage. Vehicles on lanes are found through
/// <see cref="LaneOccupancy"/> instead.
/// </summary>
public sealed class ObstacleField
{
    private Circle[] _circles = new Circle[64];
    private Body[] _bodies = new Body[32];

    /// <summary>Side clearance drivers keep from another vehicle, m.</summary>
    public const double VehicleClearanceMeters = 0.3;

    /// <summary>Side clearance drivers keep from a pedestrian, m (cars cut corners in turns; people deserve room).</summary>
    public const double PedestrianClearanceMeters = 1.0;

    /// <summary>How far ahead drivers predict a pedestrian's walk, s.</summary>
    public const double PedestrianLookaheadSeconds = 2.0;

    public int Count { get; private set; }

    public int BodyCount { get; private set; }

    public void Clear()
    {
        Count = 0;
        BodyCount = 0;
    }

    /// <summary>Adds a vehicle of the given half size, pose (m, rad) and forward speed (m/s).</summary>
    public void AddVehicle(int owner, double x, double y, double yaw, double halfLength, double halfWidth, double speed)
    {
        double c = Math.Cos(yaw), s = Math.Sin(yaw);
        double vx = speed * c, vy = speed * s;
        double offset = Math.Max(0, halfLength - halfWidth);
        double r = halfWidth * 1.05;
        AddBody(new Body(x, y, offset + r, Count, 3, owner, VehicleClearanceMeters));
        AddCircle(new Circle(x + (c * offset), y + (s * offset), r, vx, vy));
        AddCircle(new Circle(x, y, r, vx, vy));
        AddCircle(new Circle(x - (c * offset), y - (s * offset), r, vx, vy));
    }

    /// <summary>
    /// Adds a pedestrian as circles along where it will walk in the next <see cref="PedestrianLookaheadSeconds"/>, so
    /// drivers stop for people stepping into their path, not only for people already in it.
    /// </summary>
    public void AddPedestrian(int owner, double x, double y, double radius, double vx, double vy)
    {
        double ax = vx * PedestrianLookaheadSeconds, ay = vy * PedestrianLookaheadSeconds;
        AddBody(new Body(x + (ax / 2), y + (ay / 2), radius + (0.5 * Math.Sqrt((ax * ax) + (ay * ay))), Count, 3, owner, PedestrianClearanceMeters));
        AddCircle(new Circle(x, y, radius, vx, vy));
        AddCircle(new Circle(x + (ax / 2), y + (ay / 2), radius, vx, vy));
        AddCircle(new Circle(x + ax, y + ay, radius, vx, vy));
    }

    public ref readonly Body BodyAt(int i) => ref _bodies[i];

    public ref readonly Circle this[int i] => ref _circles[i];

    private void AddBody(in Body body)
    {
        if (BodyCount == _bodies.Length)
        {
            Array.Resize(ref _bodies, _bodies.Length * 2);
        }

        _bodies[BodyCount++] = body;
    }

    private void AddCircle(in Circle circle)
    {
        if (Count == _circles.Length)
        {
            Array.Resize(ref _circles, _circles.Length * 2);
        }

        _circles[Count++] = circle;
    }

    /// <summary>One obstacle circle: centre (m), radius (m), velocity (m/s).</summary>
    public readonly record struct Circle(double X, double Y, double Radius, double Vx, double Vy);

    /// <summary>
    /// A body: bounding circle (centre, radius m), its circles [First, First + CircleCount), owner id, and the extra
    /// side clearance (m) a driver keeps from it.
    /// </summary>
    public readonly record struct Body(double X, double Y, double Radius, int First, int CircleCount, int Owner, double Clearance);
}
