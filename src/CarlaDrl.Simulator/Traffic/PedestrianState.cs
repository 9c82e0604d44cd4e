namespace CarlaDrl.Simulator.Traffic;

/// <summary>What a pedestrian is doing.</summary>
public enum PedestrianState
{
    Walking,
    WaitingToCross,
    Crossing,
    Down,

    /// <summary>Placed by a scenario: stands still where it was put.</summary>
    Standing,
}
