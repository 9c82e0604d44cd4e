namespace CarlaDrl.Simulator.Towns;

/// <summary>Paint on the ground: lane lines (semantic class RoadLines), stop lines, zebra stripes, and the kerb edge of sidewalks.</summary>
public enum RoadMarking : byte
{
    None = 0,
    Kerb = 1,
    White = 2,
    StopLine = 3,
    Crosswalk = 4,
}
