using CarlaDrl.Learning.Metrics;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// What <see cref="Ppo{TObs}"/> logs after every update, at step <c>NumTimesteps</c>: SB3's keys (seed-system.md §7;
/// <c>time/*</c> too, which SB3 prints only), CleanRL's <c>charts/SPS</c> (here the last iteration's rate), and the
/// per-rollout means of the envs' <see cref="EpisodeTracker.EpisodeMetricsKey"/> numbers under their own names.
/// </summary>
internal static class PpoMetrics
{
    /// <param name="sink">Where to write.</param>
    /// <param name="ppo">The algorithm right after its update.</param>
    /// <param name="elapsedSeconds">Wall time since this process started training (SB3's <c>time_elapsed</c>).</param>
    /// <param name="stepsSinceStart">Timesteps taken in that time, for SB3's <c>time/fps</c>.</param>
    public static void Log<TObs>(IMetricsSink sink, Ppo<TObs> ppo, double elapsedSeconds, long stepsSinceStart)
        where TObs : notnull
    {
        var update = ppo.LastUpdate ?? throw new InvalidOperationException("Nothing to log before the first update.");
        long step = ppo.NumTimesteps;
        void Scalar(string key, double value) => sink.Scalar(key, value, step);
        if (ppo.Episodes.MeanReturn is double meanReturn)
        {
            Scalar("rollout/ep_rew_mean", meanReturn);
            Scalar("rollout/ep_len_mean", ppo.Episodes.MeanLength!.Value);
        }

        foreach (var (key, value) in ppo.Episodes.RolloutMetricMeans)
        {
            Scalar(key, value);
        }

        Scalar("time/fps", Math.Floor(stepsSinceStart / elapsedSeconds));
        Scalar("time/iterations", ppo.Iterations);
        Scalar("time/time_elapsed", elapsedSeconds);
        Scalar("time/total_timesteps", ppo.NumTimesteps);
        Scalar("charts/SPS", ppo.Buffer.Size / update.IterationSeconds);
        Scalar("train/approx_kl", update.ApproxKl);
        Scalar("train/clip_fraction", update.ClipFraction);
        Scalar("train/clip_range", update.ClipRange);
        Scalar("train/entropy_loss", update.EntropyLoss);
        Scalar("train/explained_variance", update.ExplainedVariance);
        Scalar("train/learning_rate", update.LearningRate);
        Scalar("train/loss", update.Loss);
        Scalar("train/n_updates", ppo.NUpdates);
        Scalar("train/policy_gradient_loss", update.PolicyGradientLoss);
        Scalar("train/std", update.Std);
        Scalar("train/value_loss", update.ValueLoss);
        if (ppo.Config.ClipRangeVf is double clipRangeVf)
        {
            Scalar("train/clip_range_vf", clipRangeVf);
        }

        sink.Flush();
    }
}
