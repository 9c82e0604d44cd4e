using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>A player start spot: its index in the scene description, the lane and distance along it, and the pose.</summary>
public readonly record struct StartSpot(int Index, Lane Lane, double S, Transform Transform);
