namespace CarlaDrl.Driving.World;

/// <summary>A ray-cast lidar (spec §9 lidar keys; scan pattern in §7).</summary>
public sealed record LidarDefinition : SensorDefinition
{
    public LidarDefinition(string name) : base(name)
    {
    }

    public override SensorType Type => SensorType.LidarRayCast;

    public int Channels { get; init; } = 32;

    /// <summary>Maximum range, metres.</summary>
    public float Range { get; init; } = 50f;

    public int PointsPerSecond { get; init; } = 56000;

    /// <summary>Head rotation frequency, Hz.</summary>
    public float RotationFrequency { get; init; } = 10f;

    /// <summary>Pitch of the top laser, degrees.</summary>
    public float UpperFovLimit { get; init; } = 10f;

    /// <summary>Pitch of the bottom laser, degrees.</summary>
    public float LowerFovLimit { get; init; } = -30f;

    public bool ShowDebugPoints { get; init; }

    internal override void Validate(string path, List<string> errors)
    {
        base.Validate(path, errors);
        if (Channels is < 1 or > 256)
        {
            errors.Add($"{path}.Channels = {Channels} is out of range; allowed: 1..256.");
        }

        if (!(Range > 0f) || !float.IsFinite(Range))
        {
            errors.Add($"{path}.Range = {Range} must be a positive number of metres.");
        }

        if (PointsPerSecond is < 1 or > 10_000_000)
        {
            errors.Add($"{path}.PointsPerSecond = {PointsPerSecond} is out of range; allowed: 1..10000000.");
        }

        if (!(RotationFrequency > 0f) || !float.IsFinite(RotationFrequency))
        {
            errors.Add($"{path}.RotationFrequency = {RotationFrequency} must be a positive number of Hz.");
        }

        if (!(UpperFovLimit >= LowerFovLimit) || UpperFovLimit > 90f || LowerFovLimit < -90f)
        {
            errors.Add($"{path}.UpperFovLimit/LowerFovLimit = {UpperFovLimit}/{LowerFovLimit} are invalid; need -90 <= LowerFovLimit <= UpperFovLimit <= 90 degrees.");
        }
    }
}
