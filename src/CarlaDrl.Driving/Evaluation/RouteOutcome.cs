namespace CarlaDrl.Driving.Evaluation;

/// <summary>How a route episode ended.</summary>
public enum RouteOutcome
{
    /// <summary>Reached the goal (within the success distance) with no collision and no off-road infraction.</summary>
    Success,

    /// <summary>Reached the goal but had an infraction on the way.</summary>
    ReachedWithInfraction,

    /// <summary>Ran out of time.</summary>
    Timeout,
}
