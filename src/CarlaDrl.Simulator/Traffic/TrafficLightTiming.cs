namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Signal timing, seconds. Each intersection serves its approaches one at a time (protected phases: green, yellow,
/// all-red clearance), then gives pedestrians a walk phase with every vehicle light red. Conflicting vehicle flows
/// therefore never hold green together, which keeps the embedded traffic collision-free by construction.
/// </summary>
public sealed record TrafficLightTiming
{
    public double GreenSeconds { get; init; } = 7.0;

    public double YellowSeconds { get; init; } = 2.0;

    public double AllRedSeconds { get; init; } = 1.5;

    public double PedestrianWalkSeconds { get; init; } = 7.0;

    /// <summary>Length of one full cycle at an intersection with <paramref name="approaches"/> approaches, seconds.</summary>
    public double CycleSeconds(int approaches) =>
        (approaches * (GreenSeconds + YellowSeconds + AllRedSeconds)) + PedestrianWalkSeconds + AllRedSeconds;

    public TrafficLightTiming Validate()
    {
        if (!(GreenSeconds > 0) || !(YellowSeconds >= 0) || !(AllRedSeconds >= 0) || !(PedestrianWalkSeconds >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(GreenSeconds), "TrafficLightTiming: green must be positive and the other phases zero or positive (seconds).");
        }

        return this;
    }
}
