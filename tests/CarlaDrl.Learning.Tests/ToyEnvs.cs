using CarlaDrl.Envs;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.Learning.Metrics;
using CarlaDrl.TestKit;

namespace CarlaDrl.Learning.Tests;

/// <summary>Vector envs of the TestKit's toy envs, with episode statistics as a training run has them.</summary>
internal static class ToyEnvs
{
    public static SyncVectorEnv<NDArray<float>, NDArray<float>> Identity(int numEnvs, int episodeLength = 100) =>
        new([.. Enumerable.Range(0, numEnvs).Select(_ => (Func<IEnv<NDArray<float>, NDArray<float>>>)(
            () => new EpisodeMetrics<NDArray<float>>(new RecordEpisodeStatistics<NDArray<float>, NDArray<float>>(new IdentityEnvBox(episodeLength)))))]);

    public static SyncVectorEnv<DictObservation, NDArray<float>> Counting(int numEnvs) =>
        new([.. Enumerable.Range(0, numEnvs).Select(_ => (Func<IEnv<DictObservation, NDArray<float>>>)(
            () => new RecordEpisodeStatistics<DictObservation, NDArray<float>>(new CountingEnv())))]);

    /// <summary>Reports <c>test/episode_index</c> = 1, 2, ... (per env) under <see cref="EpisodeTracker.EpisodeMetricsKey"/> when an episode ends.</summary>
    private sealed class EpisodeMetrics<TObs>(IEnv<TObs, NDArray<float>> env) : Wrapper<TObs, NDArray<float>>(env)
        where TObs : notnull
    {
        private int _episodes;

        public override StepResult<TObs> Step(NDArray<float> action)
        {
            var result = Env.Step(action);
            if (result.Terminated || result.Truncated)
            {
                result.Info.Set(EpisodeTracker.EpisodeMetricsKey, new Dictionary<string, double> { ["test/episode_index"] = ++_episodes });
            }

            return result;
        }
    }
}
