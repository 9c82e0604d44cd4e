namespace CarlaDrl.Driving.Geometry;

/// <summary>
/// UE4 rotation in degrees (protocol spec §6). Positive yaw turns from +X towards +Y, which in UE4's
/// left-handed frame seen from above is clockwise, i.e. to the right.
/// </summary>
public readonly record struct Rotation3D(float PitchDegrees, float YawDegrees, float RollDegrees)
{
    public static readonly Rotation3D Zero;

    /// <summary>Unit forward vector of this rotation (what CARLA fills into the deprecated <c>orientation</c>).</summary>
    public Vector3D Forward
    {
        get
        {
            double pitch = PitchDegrees * Math.PI / 180.0;
            double yaw = YawDegrees * Math.PI / 180.0;
            double cp = Math.Cos(pitch);
            return new Vector3D((float)(cp * Math.Cos(yaw)), (float)(cp * Math.Sin(yaw)), (float)Math.Sin(pitch));
        }
    }

    public override string ToString() => $"(pitch {PitchDegrees:0.##}°, yaw {YawDegrees:0.##}°, roll {RollDegrees:0.##}°)";
}
