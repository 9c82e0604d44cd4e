using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// The light that governs one approach of an intersection: the approach lane, its signal phase (approaches from
/// opposite arms share one), the opposite approach (whose straight and right-turning traffic a left turn yields to),
/// its pole position on the right-hand sidewalk at the stop line, and the yaw it faces (towards the approaching
/// cars), radians.
/// </summary>
public sealed record TrafficLightPlacement(
    int Id,
    int JunctionNode,
    int ApproachIndex,
    int Phase,
    int PhaseCount,
    Lane Approach,
    Lane? OppositeApproach,
    Vec2 PolePosition,
    double FacingYawRadians);
