using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Wrappers;

public sealed class RecordEpisodeStatisticsTests
{
    // CountingEnv's reward is 1 + 0.5 * action[0]: 1.2 per step here.
    private static readonly NDArray<float> Action = new([2], [0.4f, 0f]);

    [Fact]
    public void The_last_step_of_an_episode_carries_return_length_and_time()
    {
        using var env = new RecordEpisodeStatistics<DictObservation, NDArray<float>>(new CountingEnv(6, 6));
        env.Reset(seed: 0);
        for (int t = 1; t < 6; t++)
        {
            Assert.False(env.Step(Action).Info.ContainsKey(InfoKeys.Episode));
        }

        var statistics = env.Step(Action).Info.Get<EpisodeStatistics>(InfoKeys.Episode);
        Assert.Equal(6 * (1 + (0.5 * 0.4f)), statistics.Return, 12);
        Assert.Equal(6, statistics.Length);
        Assert.True(statistics.TimeSeconds >= 0);
        Assert.Equal(1, env.EpisodeCount);
    }

    [Fact]
    public void The_queues_keep_the_last_buffer_length_episodes()
    {
        using var env = new RecordEpisodeStatistics<DictObservation, NDArray<float>>(new CountingEnv(1, 5), bufferLength: 3);
        var lengths = new List<int>();
        for (int episode = 0; episode < 5; episode++)
        {
            env.Reset(seed: episode);
            StepResult<DictObservation> step;
            do
            {
                step = env.Step(Action);
            }
            while (!step.Terminated);

            lengths.Add(step.Info.Get<EpisodeStatistics>(InfoKeys.Episode).Length);
        }

        Assert.Equal(lengths.TakeLast(3), env.LengthQueue);
        Assert.Equal(lengths.TakeLast(3).Select(l => l * 1.2), env.ReturnQueue, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(3, env.TimeQueue.Count);
        Assert.Equal(5, env.EpisodeCount);
    }

    [Fact]
    public void Recording_twice_is_refused()
    {
        using var env = new RecordEpisodeStatistics<DictObservation, NDArray<float>>(
            new RecordEpisodeStatistics<DictObservation, NDArray<float>>(new CountingEnv(1, 1)));
        env.Reset(seed: 0);
        var error = Assert.Throws<InvalidOperationException>(() => env.Step(Action));
        Assert.Contains("applied twice", error.Message, StringComparison.Ordinal);
    }
}
