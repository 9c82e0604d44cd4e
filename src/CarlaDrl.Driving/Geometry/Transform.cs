namespace CarlaDrl.Driving.Geometry;

/// <summary>
/// A pose as CARLA 0.8.4 reports it: <see cref="Location"/> in metres (the mesh pivot for vehicles),
/// <see cref="Orientation"/> the unit forward vector (deprecated in the protocol but still filled and read
/// by the benchmark planner, spec §4 and §12.12) and <see cref="Rotation"/> in degrees.
/// </summary>
public readonly record struct Transform(Vector3D Location, Vector3D Orientation, Rotation3D Rotation)
{
    /// <summary>Builds a transform whose orientation is derived from the rotation, as the real server does.</summary>
    public static Transform FromLocationRotation(Vector3D location, Rotation3D rotation) =>
        new(location, rotation.Forward, rotation);

    /// <summary>A ground-level pose from a planar position (m) and a yaw (degrees).</summary>
    public static Transform FromPlanar(double x, double y, double z, double yawDegrees) =>
        FromLocationRotation(new Vector3D((float)x, (float)y, (float)z), new Rotation3D(0, (float)yawDegrees, 0));

    public override string ToString() => $"{Location} {Rotation}";
}
