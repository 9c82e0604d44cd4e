namespace CarlaDrl.Driving.Geometry;

/// <summary>
/// A 3-D vector in CARLA 0.8.4 world units (metres, or m/s² for accelerations), UE4 axes:
/// X and Y horizontal, Z up, left-handed (protocol spec §6). Single precision as on the wire.
/// </summary>
public readonly record struct Vector3D(float X, float Y, float Z)
{
    public static readonly Vector3D Zero;

    public float Length => MathF.Sqrt((X * X) + (Y * Y) + (Z * Z));

    public static Vector3D operator +(Vector3D a, Vector3D b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public static Vector3D operator -(Vector3D a, Vector3D b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vector3D operator *(Vector3D a, float k) => new(a.X * k, a.Y * k, a.Z * k);

    public override string ToString() => $"({X:0.###}, {Y:0.###}, {Z:0.###})";
}
