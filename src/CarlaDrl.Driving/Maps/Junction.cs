using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// A graph node seen as a junction: its kind, the setback at which its arms' lanes end, the road lanes that enter
/// it (approaches, in order of arm heading) and its connector lanes.
/// </summary>
public sealed class Junction
{
    internal Junction(int node, Vec2 position, JunctionKind kind, double setbackMeters, IReadOnlyList<Vec2> armDirections)
    {
        Node = node;
        Position = position;
        Kind = kind;
        SetbackMeters = setbackMeters;
        ArmDirections = armDirections;
    }

    public int Node { get; }

    public Vec2 Position { get; }

    public JunctionKind Kind { get; }

    /// <summary>Distance from the node at which arm lanes end and connectors begin, metres.</summary>
    public double SetbackMeters { get; }

    /// <summary>Unit directions of the arms, pointing away from the node.</summary>
    public IReadOnlyList<Vec2> ArmDirections { get; }

    /// <summary>Road lanes ending at this junction, one per arm, in arm order.</summary>
    public IReadOnlyList<Lane> Approaches { get; internal set; } = [];

    /// <summary>Road lanes leaving this junction, one per arm, in arm order.</summary>
    public IReadOnlyList<Lane> Exits { get; internal set; } = [];

    /// <summary>Connector lanes through the junction.</summary>
    public IReadOnlyList<Lane> Connectors { get; internal set; } = [];
}
