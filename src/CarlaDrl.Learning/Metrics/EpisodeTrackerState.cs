namespace CarlaDrl.Learning.Metrics;

/// <summary>The episode window of an <see cref="EpisodeTracker"/>, oldest first, for checkpoints.</summary>
public sealed record EpisodeTrackerState(double[] Returns, int[] Lengths, long TotalEpisodes);
