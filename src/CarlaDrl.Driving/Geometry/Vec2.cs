namespace CarlaDrl.Driving.Geometry;

/// <summary>
/// A planar vector in double precision for map and physics maths (metres in the UE4 X/Y plane).
/// The right-hand side of a heading (cos ψ, sin ψ) is (−sin ψ, cos ψ) because positive yaw turns right in UE4.
/// </summary>
public readonly record struct Vec2(double X, double Y)
{
    public static readonly Vec2 Zero;

    public double Length => Math.Sqrt((X * X) + (Y * Y));

    public double LengthSquared => (X * X) + (Y * Y);

    /// <summary>The vector rotated +90° in yaw, i.e. pointing to the right of this direction in UE4.</summary>
    public Vec2 Right => new(-Y, X);

    public Vec2 Normalized
    {
        get
        {
            double length = Length;
            return length > 0 ? new Vec2(X / length, Y / length) : Zero;
        }
    }

    /// <summary>Heading of this vector in radians (atan2(y, x)), positive towards +Y.</summary>
    public double HeadingRadians => Math.Atan2(Y, X);

    public static Vec2 FromHeading(double headingRadians) => new(Math.Cos(headingRadians), Math.Sin(headingRadians));

    public static Vec2 operator +(Vec2 a, Vec2 b) => new(a.X + b.X, a.Y + b.Y);

    public static Vec2 operator -(Vec2 a, Vec2 b) => new(a.X - b.X, a.Y - b.Y);

    public static Vec2 operator -(Vec2 a) => new(-a.X, -a.Y);

    public static Vec2 operator *(Vec2 a, double k) => new(a.X * k, a.Y * k);

    public static Vec2 operator *(double k, Vec2 a) => new(a.X * k, a.Y * k);

    public static Vec2 operator /(Vec2 a, double k) => new(a.X / k, a.Y / k);

    public static double Dot(Vec2 a, Vec2 b) => (a.X * b.X) + (a.Y * b.Y);

    /// <summary>z of the 3-D cross product; positive when <paramref name="b"/> is to the right of <paramref name="a"/> in UE4 yaw terms.</summary>
    public static double Cross(Vec2 a, Vec2 b) => (a.X * b.Y) - (a.Y * b.X);

    public static double Distance(Vec2 a, Vec2 b) => (a - b).Length;

    public static Vec2 Lerp(Vec2 a, Vec2 b, double t) => new(a.X + ((b.X - a.X) * t), a.Y + ((b.Y - a.Y) * t));

    public override string ToString() => $"({X:0.###}, {Y:0.###})";
}
