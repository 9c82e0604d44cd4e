using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// A piece of static scenery: an oriented box (centre, half extents in metres along its yaw axes, yaw in radians,
/// height in metres) or, for poles and trees, a vertical cylinder of radius <see cref="HalfExtents"/>.X.
/// <see cref="Shade"/> (0..1) varies colours between objects of one kind.
/// </summary>
public readonly record struct StaticObject(StaticObjectKind Kind, Vec2 Center, Vec2 HalfExtents, double YawRadians, double HeightMeters, double Shade)
{
    public bool IsCylinder => Kind is StaticObjectKind.Pole or StaticObjectKind.TrafficLightPole or StaticObjectKind.Tree or StaticObjectKind.SpeedLimitSign;
}
