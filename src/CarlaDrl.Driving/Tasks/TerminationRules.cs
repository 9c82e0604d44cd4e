namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// When a driving episode ends. Collision counters are cumulative (protocol spec §6): the rules look at their increase
/// within a step, never at their value. The time limit is the CoRL2017 budget (0.36 s per metre of route + 10 s,
/// i.e. the route at 10 km/h) times <see cref="TimeLimitFactor"/>.
/// </summary>
public sealed record TerminationRules
{
    /// <summary>Increase of the summed collision intensities in one step that ends the episode, kg·m/s (0: any hit).</summary>
    public double CollisionImpulse { get; init; }

    /// <summary>Off-road fraction of the footprint above which the episode ends.</summary>
    public double OffRoadFraction { get; init; } = 0.5;

    /// <summary>Distance from the route's centre line beyond which the car is off its route, m.</summary>
    public double OffRouteMeters { get; init; } = 6.0;

    /// <summary>Speed below which the car counts as standing, m/s.</summary>
    public double StuckSpeed { get; init; } = 0.1;

    /// <summary>Standing this long ends the episode, s.</summary>
    public double StuckSeconds { get; init; } = 20.0;

    /// <summary>Remaining route distance at which the goal counts as reached, m (the benchmark's success distance).</summary>
    public double GoalMeters { get; init; } = 2.0;

    /// <summary>Multiplier of the CoRL2017 time budget.</summary>
    public double TimeLimitFactor { get; init; } = 1.0;

    public TerminationRules Validate()
    {
        Check(CollisionImpulse >= 0, nameof(CollisionImpulse), "≥ 0 kg·m/s");
        Check(OffRoadFraction is > 0 and <= 1, nameof(OffRoadFraction), "in (0, 1]");
        Check(OffRouteMeters > 0, nameof(OffRouteMeters), "> 0 m");
        Check(StuckSpeed >= 0, nameof(StuckSpeed), "≥ 0 m/s");
        Check(StuckSeconds > 0, nameof(StuckSeconds), "> 0 s");
        Check(GoalMeters > 0, nameof(GoalMeters), "> 0 m");
        Check(TimeLimitFactor > 0, nameof(TimeLimitFactor), "> 0");
        return this;
    }

    /// <summary>Episode length limit for a route, seconds.</summary>
    public double TimeLimitSeconds(double routeMeters) => ((0.36 * routeMeters) + 10) * TimeLimitFactor;

    private static void Check(bool ok, string name, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, $"env.termination.{ToSnake(name)} is out of range; allowed: {allowed}.");
        }
    }

    internal static string ToSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
