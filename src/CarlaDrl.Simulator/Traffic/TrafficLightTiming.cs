namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Signal timing, seconds. Each intersection serves its phases one at a time — opposite approaches share a phase —
/// with green, yellow and an all-red clearance. Pedestrians cross arms whose approach is red (optionally also in an
/// exclusive walk phase). Crossing flows never hold green together; left turns yield to the opposite approach and
/// turning cars to pedestrians (see DriverModel).
/// </summary>
public sealed record TrafficLightTiming
{
    public double GreenSeconds { get; init; } = 10.0;

    public double YellowSeconds { get; init; } = 2.0;

    public double AllRedSeconds { get; init; } = 1.5;

    /// <summary>An exclusive all-red walk phase per cycle, seconds (0: none; pedestrians then cross red arms only).</summary>
    public double PedestrianWalkSeconds { get; init; }

    /// <summary>Length of one full cycle at an intersection with <paramref name="phases"/> vehicle phases, seconds.</summary>
    public double CycleSeconds(int phases) =>
        (phases * (GreenSeconds + YellowSeconds + AllRedSeconds)) + (PedestrianWalkSeconds > 0 ? PedestrianWalkSeconds + AllRedSeconds : 0);

    public TrafficLightTiming Validate()
    {
        if (!(GreenSeconds > 0) || !(YellowSeconds >= 0) || !(AllRedSeconds >= 0) || !(PedestrianWalkSeconds >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(GreenSeconds), "TrafficLightTiming: green must be positive and the other phases zero or positive (seconds).");
        }

        return this;
    }
}
