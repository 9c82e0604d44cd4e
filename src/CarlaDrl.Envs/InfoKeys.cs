namespace CarlaDrl.Envs;

/// <summary>Info keys with a meaning shared by envs, wrappers, vector envs and learners.</summary>
public static class InfoKeys
{
    /// <summary>Vector envs: the observation the finished episode ended on (its autoreset replaced it; DESIGN.md §3.1).</summary>
    public const string FinalObservation = "final_observation";

    /// <summary>Vector envs: the <see cref="Info"/> of the step that ended the episode.</summary>
    public const string FinalInfo = "final_info";

    /// <summary>
    /// RecordEpisodeStatistics: an <see cref="EpisodeStatistics"/> on the step that ends an episode. Behind a vector
    /// env it arrives inside <see cref="FinalInfo"/>, because the autoreset replaced the step's info.
    /// </summary>
    public const string Episode = "episode";

    /// <summary>TimeLimit: <c>true</c> when the time limit, not the task, ended the episode (Gym/SB3 key).</summary>
    public const string TimeLimitTruncated = "TimeLimit.truncated";

    /// <summary>
    /// <c>true</c> on a step whose transition is not real (a remote world lost its connection: no reward, no next
    /// observation). The env ends the episode as truncated with its last good observation; learners must not train on
    /// the transition nor count the episode, and bootstrap the step before it from that last good observation.
    /// Behind a vector env it arrives inside <see cref="FinalInfo"/>.
    /// </summary>
    public const string DiscardTransition = "discard_transition";

    /// <summary>True when <paramref name="info"/> (or its <see cref="FinalInfo"/>) flags <see cref="DiscardTransition"/>.</summary>
    public static bool IsDiscarded(Info info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info source = info.TryGet<Info>(FinalInfo, out var final) ? final : info;
        return source.TryGet<bool>(DiscardTransition, out bool discard) && discard;
    }
}
