namespace CarlaDrl.Driving.Maps;

/// <summary>A node of a CARLA planner graph in node units (one unit = 50 px × 0.1643 m/px = 8.215 m).</summary>
public readonly record struct PlannerNode(int X, int Y)
{
    public override string ToString() => $"{X},{Y}";
}
