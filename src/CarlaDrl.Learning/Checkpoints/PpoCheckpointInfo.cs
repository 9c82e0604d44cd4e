using CarlaDrl.Envs;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Metrics;

namespace CarlaDrl.Learning.Checkpoints;

/// <summary>The JSON part of a PPO checkpoint (<c>checkpoint.json</c>): everything but the tensors.</summary>
public sealed record PpoCheckpointInfo
{
    public int FormatVersion { get; init; } = PpoCheckpoint.FormatVersion;

    public string Algorithm { get; init; } = "ppo";

    /// <summary>When it was written, Unix seconds.</summary>
    public double CreatedUnixSeconds { get; init; }

    /// <summary>The observation parts the network reads, e.g. <c>camera: uint8[64, 64, 3], vehicle_state: float32[6]</c>.</summary>
    public string ObservationLayout { get; init; } = "";

    public int ActionDim { get; init; }

    public required PpoConfig Config { get; init; }

    public long NumTimesteps { get; init; }

    public long Iterations { get; init; }

    public long NUpdates { get; init; }

    public long GradientSteps { get; init; }

    public long TotalTimesteps { get; init; }

    public RngState ShuffleRng { get; init; }

    public RunningMeanStdState? ObservationStatistics { get; init; }

    public RunningMeanStdState? RewardStatistics { get; init; }

    public EpisodeTrackerState? Episodes { get; init; }
}
