using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Everything a driver must not run into this tick, as circles: a vehicle is three circles along its length, a
/// pedestrian one. Rebuilt once per tick into preallocated storage; drivers query it for the nearest circle in
/// their path. Owner ids let a driver ignore its own circles.
/// </summary>
public sealed class ObstacleField
{
    private Circle[] _circles = new Circle[256];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    /// <summary>Adds a vehicle of the given half size, pose (m, rad) and forward speed (m/s).</summary>
    public void AddVehicle(int owner, double x, double y, double yaw, double halfLength, double halfWidth, double speed)
    {
        double c = Math.Cos(yaw), s = Math.Sin(yaw);
        double vx = speed * c, vy = speed * s;
        double offset = Math.Max(0, halfLength - halfWidth);
        double r = halfWidth * 1.05;
        Add(new Circle(x + (c * offset), y + (s * offset), r, vx, vy, owner));
        Add(new Circle(x, y, r, vx, vy, owner));
        Add(new Circle(x - (c * offset), y - (s * offset), r, vx, vy, owner));
    }

    public void AddPedestrian(int owner, double x, double y, double radius, double vx, double vy) =>
        Add(new Circle(x, y, radius, vx, vy, owner));

    public ref readonly Circle this[int i] => ref _circles[i];

    private void Add(in Circle circle)
    {
        if (Count == _circles.Length)
        {
            Array.Resize(ref _circles, _circles.Length * 2);
        }

        _circles[Count++] = circle;
    }

    /// <summary>One obstacle circle: centre (m), radius (m), velocity (m/s), owner id.</summary>
    public readonly record struct Circle(double X, double Y, double Radius, double Vx, double Vy, int Owner)
    {
        public Vec2 Center => new(X, Y);
    }
}
