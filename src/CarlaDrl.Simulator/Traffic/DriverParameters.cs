namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Intelligent Driver Model parameters (Treiber, Hennecke &amp; Helbing 2000) plus the cornering and look-ahead
/// choices of the embedded drivers, SI units.
/// </summary>
public sealed record DriverParameters
{
    public static readonly DriverParameters Traffic = new();

    /// <summary>The player's autopilot: a little brisker than traffic.</summary>
    public static readonly DriverParameters Autopilot = new() { MaxAcceleration = 2.0, TimeHeadway = 1.0 };

    /// <summary>Free-road speed, m/s (road speed limit).</summary>
    public double DesiredSpeed { get; init; } = 30 / 3.6;

    /// <summary>IDM a: maximum acceleration, m/s².</summary>
    public double MaxAcceleration { get; init; } = 1.5;

    /// <summary>IDM b: comfortable deceleration, m/s².</summary>
    public double ComfortableDeceleration { get; init; } = 2.5;

    /// <summary>Hardest braking a driver commands, m/s².</summary>
    public double MaxDeceleration { get; init; } = 8.0;

    /// <summary>IDM s0: jam distance to a leader, m.</summary>
    public double MinimumGap { get; init; } = 2.0;

    /// <summary>Distance kept before a stop line or the goal, m.</summary>
    public double StopLineGap { get; init; } = 0.5;

    /// <summary>IDM T: desired time headway, s.</summary>
    public double TimeHeadway { get; init; } = 1.2;

    /// <summary>Comfortable lateral acceleration in curves, m/s²: curve speed = √(a / κ).</summary>
    public double CorneringAcceleration { get; init; } = 2.5;

    /// <summary>Deceleration planned when slowing for a curve ahead, m/s².</summary>
    public double CurveApproachDeceleration { get; init; } = 1.5;

    /// <summary>Look-ahead horizon: max(min, v·time + base), m.</summary>
    public double LookaheadSeconds { get; init; } = 2.5;

    public double LookaheadBaseMeters { get; init; } = 10;

    public double LookaheadMaxMeters { get; init; } = 40;
}
