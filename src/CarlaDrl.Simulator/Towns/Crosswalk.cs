using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// A pedestrian crossing over one arm of an intersection, just inside the junction area, governed by the light of
/// that arm's approach (<see cref="LightId"/>). Each end lies on a sidewalk loop (<see cref="LoopA"/> at
/// <see cref="UA"/> metres, <see cref="LoopB"/> at <see cref="UB"/>).
/// </summary>
public sealed record Crosswalk(int Id, int JunctionNode, int LightId, Vec2 EndA, Vec2 EndB, int LoopA, double UA, int LoopB, double UB)
{
    public double Length => Vec2.Distance(EndA, EndB);
}
