namespace CarlaDrl.Envs;

/// <summary>
/// Gymnasium's <c>info["episode"]</c> of RecordEpisodeStatistics: <c>r</c> (undiscounted return), <c>l</c>
/// (length in steps) and <c>t</c> (wall-clock seconds since the episode's reset).
/// </summary>
public sealed record EpisodeStatistics(double Return, int Length, double TimeSeconds);
