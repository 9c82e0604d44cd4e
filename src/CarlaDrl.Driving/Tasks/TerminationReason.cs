namespace CarlaDrl.Driving.Tasks;

/// <summary>Why a driving episode ended; everything but <see cref="TimeLimit"/> terminates (no bootstrapping).</summary>
public enum TerminationReason
{
    None,

    /// <summary>Reached the goal (success).</summary>
    RouteCompleted,

    /// <summary>A cumulative collision intensity grew beyond the threshold this step.</summary>
    Collision,

    /// <summary>The off-road fraction exceeded the threshold.</summary>
    OffRoad,

    /// <summary>The car left its route (e.g. took the wrong turn) by more than the allowed distance.</summary>
    OffRoute,

    /// <summary>The car stood still too long.</summary>
    Stuck,

    /// <summary>Out of time: truncated, not terminated.</summary>
    TimeLimit,

    /// <summary>
    /// A remote world lost its connection (<see cref="World.WorldConnectionLostException"/>): truncated, and the step is
    /// flagged <c>InfoKeys.DiscardTransition</c> so that learners neither train on it nor count the episode.
    /// </summary>
    ConnectionLost,
}
