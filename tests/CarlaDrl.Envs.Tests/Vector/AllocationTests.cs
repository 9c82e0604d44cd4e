using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Vector;

public sealed class AllocationTests
{
    [Fact]
    public void A_sync_vector_env_of_wrapped_envs_allocates_nothing_per_step_in_steady_state()
    {
        // RecordEpisodeStatistics is left out: it allocates one EpisodeStatistics per episode by design.
        static IEnv<DictObservation, NDArray<float>> Make()
        {
            IEnv<DictObservation, NDArray<float>> env = new CountingEnv(3, 9);
            env = new TimeLimit<DictObservation, NDArray<float>>(env, 6);
            env = new ClipAction<DictObservation>(env);
            env = new NormalizeDictObservation<NDArray<float>>(env, ["state"]);
            return new NormalizeReward<DictObservation, NDArray<float>>(env);
        }

        using var vector = new SyncVectorEnv<DictObservation, NDArray<float>>([Make, Make]);
        NDArray<float>[] actions = [new([2], [0.5f, 2f]), new([2], [-3f, 0f])];
        vector.Reset(seed: 0);
        for (int t = 0; t < 2000; t++)
        {
            vector.Step(actions);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 1000; t++)
        {
            vector.Step(actions);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
