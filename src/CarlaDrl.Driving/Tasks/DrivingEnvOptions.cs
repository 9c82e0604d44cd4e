namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// How the driving env observes, rewards and ends episodes: the front camera (the seed's mount: 2.0 m forward,
/// 1.4 m up; pitch configurable; 64×64, 90°), the <c>vehicle_state</c> encoder ("route" or "seed"), the reward
/// preset and weight overrides, target speeds (m/s) and the termination rules.
/// </summary>
public sealed record DrivingEnvOptions
{
    public int CameraWidth { get; init; } = 64;

    public int CameraHeight { get; init; } = 64;

    /// <summary>Horizontal field of view, degrees.</summary>
    public float CameraFov { get; init; } = 90;

    /// <summary>Camera pitch, degrees (negative looks down).</summary>
    public float CameraPitch { get; init; }

    public float CameraX { get; init; } = 2.0f;

    public float CameraZ { get; init; } = 1.4f;

    /// <summary>"route" (default) or "seed".</summary>
    public string Encoder { get; init; } = "route";

    public string RewardPreset { get; init; } = "default";

    public IReadOnlyDictionary<string, double> RewardWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>Speed the target-speed term asks for on straight road, m/s.</summary>
    public double TargetSpeed { get; init; } = 7.0;

    /// <summary>Speed it asks for inside junctions that turn, m/s.</summary>
    public double TurnSpeed { get; init; } = 4.5;

    public TerminationRules Termination { get; init; } = new();

    public IObservationEncoder CreateEncoder() => Encoder switch
    {
        "route" => new RouteStateEncoder(),
        "seed" => new SeedStateEncoder(),
        _ => throw new ArgumentException($"env.encoder = '{Encoder}' is unknown; allowed: route, seed."),
    };

    public DrivingEnvOptions Validate()
    {
        if (CameraWidth is < 8 or > 1024 || CameraHeight is < 8 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(CameraWidth), $"env.camera_width/camera_height = {CameraWidth}/{CameraHeight} are out of range; allowed: 8..1024 pixels.");
        }

        if (!(CameraFov > 0 && CameraFov < 180))
        {
            throw new ArgumentOutOfRangeException(nameof(CameraFov), $"env.camera_fov = {CameraFov} is out of range; allowed: (0, 180) degrees.");
        }

        if (!(CameraPitch >= -90 && CameraPitch <= 90))
        {
            throw new ArgumentOutOfRangeException(nameof(CameraPitch), $"env.camera_pitch = {CameraPitch} is out of range; allowed: -90..90 degrees.");
        }

        if (!(TargetSpeed > 0) || !(TurnSpeed > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetSpeed), $"env.target_speed/turn_speed = {TargetSpeed}/{TurnSpeed} must be positive m/s.");
        }

        _ = CreateEncoder();
        _ = RewardPresets.Create(RewardPreset, RewardWeights);
        Termination.Validate();
        return this;
    }
}
