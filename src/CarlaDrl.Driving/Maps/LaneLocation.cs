namespace CarlaDrl.Driving.Maps;

/// <summary>Where a point lies relative to a lane: distance along it (m), signed lateral offset (m, + right) and the heading error (rad).</summary>
public readonly record struct LaneLocation(Lane Lane, double S, double Lateral, double HeadingErrorRadians);
