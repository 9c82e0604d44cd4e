namespace CarlaDrl.Driving.Maps;

/// <summary>A lane along a road between two junctions, or a connector through a junction.</summary>
public enum LaneKind
{
    Road,
    Junction,
}
