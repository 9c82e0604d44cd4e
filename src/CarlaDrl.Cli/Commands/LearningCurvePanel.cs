using CarlaDrl.Cli.Config;
using CarlaDrl.Cli.Training;
using CarlaDrl.Driving.Tasks;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// One panel of <c>carla-drl plot</c>: what it shows of each run in training (a moving mean over the last N training
/// episodes of <c>episodes.csv</c>, or a <c>metrics.csv</c> scalar) and on the held-out routes (<c>evaluations.csv</c>).
/// Training and held-out values of a panel measure the same thing, so the two can be compared directly.
/// </summary>
internal sealed record LearningCurvePanel(string Name, string Title, string YLabel, bool IsPercent, bool StartsAtZero, Func<RunLogs, int, Series> TrainingCurve, Func<RunLogs, Series>? HeldOutCurve)
{
    private static readonly string RouteCompleted = Reason(TerminationReason.RouteCompleted);

    private static readonly string[] CollisionOrOffRoad = [Reason(TerminationReason.Collision), Reason(TerminationReason.OffRoad)];

    public static IReadOnlyList<LearningCurvePanel> All { get; } =
    [
        new("reward", "Episode reward", "return per episode", false, false,
            (run, smooth) => run.Episodes("return").MovingMean(smooth),
            run => run.Evaluations("mean_return")),
        new("completion", "Route completion", "% of the route driven", true, false,
            (run, smooth) => run.Episodes("route_completion").MovingMean(smooth).Scaled(100),
            run => run.Evaluations("route_completion").Scaled(100)),
        new("success", "Success (route completed)", "% of episodes", true, false,
            (run, smooth) => run.EpisodesEndedBy(RouteCompleted).MovingMean(smooth).Scaled(100),
            run => run.Evaluations("success_rate").Scaled(100)),
        new("collisions", "Ended by a collision or off-road", "% of episodes", true, false,
            (run, smooth) => run.EpisodesEndedBy(CollisionOrOffRoad).MovingMean(smooth).Scaled(100),
            run => run.Evaluations("collision_or_off_road_rate").Scaled(100)),

        // SB3's time/fps: steps since the process started over its wall time (charts/SPS, one rollout's rate, is noisier).
        new("sps", "Training speed", "env steps/s (time/fps)", false, true,
            (run, _) => run.Metric("time/fps") is { IsEmpty: false } fps ? fps : run.Metric("charts/SPS"),
            HeldOutCurve: null),
    ];

    /// <summary>False for a panel of training only (speed).</summary>
    public bool HasHeldOut => HeldOutCurve is not null;

    /// <summary>The training curve of a run, training-episode curves smoothed over the last <paramref name="smooth"/> episodes.</summary>
    public Series Training(RunLogs run, int smooth) => TrainingCurve(run, smooth);

    /// <summary>The held-out curve of a run (empty where the panel has none).</summary>
    public Series HeldOut(RunLogs run) => HeldOutCurve?.Invoke(run) ?? Series.Empty;

    public static string AllowedNames => string.Join(",", All.Select(p => p.Name));

    /// <summary>The panels named in a comma-separated list, in its order; <see cref="ArgumentException"/> naming the allowed ones otherwise.</summary>
    public static IReadOnlyList<LearningCurvePanel> Parse(string names)
    {
        string[] requested = names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (requested.Length == 0)
        {
            throw new ArgumentException($"--metrics is empty; allowed: {AllowedNames}.");
        }

        return [.. requested.Distinct().Select(name => All.FirstOrDefault(p => p.Name == name)
            ?? throw new ArgumentException($"--metrics: unknown metric '{name}'; allowed: {AllowedNames}."))];
    }

    private static string Reason(TerminationReason reason) => ConfigBinder.Snake(reason.ToString());
}
