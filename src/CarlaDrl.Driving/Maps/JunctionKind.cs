namespace CarlaDrl.Driving.Maps;

/// <summary>A node with two roads (a bend; no lights, no planner command) or with three or more (an intersection).</summary>
public enum JunctionKind
{
    Corner,
    Intersection,
}
