namespace CarlaDrl.Driving.Evaluation;

/// <summary>
/// One route episode's numbers: outcome, route length and distance driven (m), simulated time (s), collision
/// impulses gained by class (kg·m/s), frames with an off-road or other-lane infraction, and the largest fractions seen.
/// </summary>
public sealed record RouteEpisodeResult(
    int StartIndex,
    int GoalIndex,
    RouteOutcome Outcome,
    double RouteLengthMeters,
    double DrivenMeters,
    double SimulatedSeconds,
    double TimeoutSeconds,
    double FinalDistanceToGoalMeters,
    double CollisionVehicles,
    double CollisionPedestrians,
    double CollisionOther,
    int OffRoadFrames,
    int OtherLaneFrames,
    double MaxOffRoad,
    double MaxOtherLane)
{
    public bool Collided => CollisionVehicles + CollisionPedestrians + CollisionOther > 0;

    public bool WentOffRoad => OffRoadFrames > 0;

    public bool Success => Outcome == RouteOutcome.Success;

    /// <summary>Fraction of the route completed, 0..1.</summary>
    public double Completion => RouteLengthMeters > 0 ? Math.Clamp(1 - (FinalDistanceToGoalMeters / RouteLengthMeters), 0, 1) : 1;
}
