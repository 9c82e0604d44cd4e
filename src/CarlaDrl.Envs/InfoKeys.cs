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
}
