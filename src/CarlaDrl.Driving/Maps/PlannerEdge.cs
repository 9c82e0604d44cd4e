namespace CarlaDrl.Driving.Maps;

/// <summary>One directed edge of a planner graph file: from, to and the length in node units (corl2017 spec §8).</summary>
public readonly record struct PlannerEdge(PlannerNode From, PlannerNode To, double Length);
