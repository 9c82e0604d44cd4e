using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// A point on a lane centre line: position (m), heading (radians, UE4 yaw) and signed curvature (1/m,
/// positive when the lane bends right, i.e. yaw increases with distance).
/// </summary>
public readonly record struct LanePose(Vec2 Position, double HeadingRadians, double Curvature);
