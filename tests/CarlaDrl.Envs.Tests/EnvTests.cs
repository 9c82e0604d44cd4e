using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests;

public sealed class EnvTests
{
    private static readonly NDArray<float> NoAction = NDArray<float>.Zeros(2);

    [Fact]
    public void Step_before_the_first_reset_throws_ResetNeeded()
    {
        using var env = new CountingEnv();
        var error = Assert.Throws<ResetNeededException>(() => env.Step(NoAction));
        Assert.Contains("call Reset() first", error.Message, StringComparison.Ordinal);
        Assert.Contains("before Reset()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_after_the_episode_ended_throws_until_the_next_reset()
    {
        using var env = new CountingEnv(3, 3);
        env.Reset(seed: 1);
        env.Step(NoAction);
        env.Step(NoAction);
        Assert.True(env.Step(NoAction).Terminated);
        Assert.True(env.NeedsReset);

        var error = Assert.Throws<ResetNeededException>(() => env.Step(NoAction));
        Assert.Contains("after the episode ended", error.Message, StringComparison.Ordinal);

        env.Reset();
        Assert.False(env.Step(NoAction).Terminated);
    }

    [Fact]
    public void The_first_unseeded_reset_uses_the_fixed_default_seed()
    {
        using var unseeded = new CountingEnv();
        using var seeded = new CountingEnv();
        var a = unseeded.ObservationSpace.Clone(unseeded.Reset().Observation);
        var b = seeded.Reset(seed: Env<DictObservation, NDArray<float>>.DefaultSeed).Observation;
        Assert.True(ObservationComparer.AreEqual(a, b), ObservationComparer.Difference(a, b));
    }

    [Fact]
    public void Unseeded_resets_continue_the_seeded_stream_reproducibly()
    {
        static int[] EpisodeLengths(int seed)
        {
            using var env = new CountingEnv(1, 1000);
            env.Reset(seed);
            var lengths = new List<int> { env.EpisodeLength };
            for (int i = 0; i < 5; i++)
            {
                env.Reset();
                lengths.Add(env.EpisodeLength);
            }

            return [.. lengths];
        }

        Assert.Equal(EpisodeLengths(8), EpisodeLengths(8));
        Assert.NotEqual(EpisodeLengths(8), EpisodeLengths(9));
        Assert.True(EpisodeLengths(8).Distinct().Count() > 1, "unseeded resets must not repeat the seeded episode");
    }

    [Fact]
    public void The_info_is_cleared_between_reset_and_step()
    {
        using var env = new CountingEnv();
        var reset = env.Reset(seed: 2);
        Assert.True(reset.Info.ContainsKey("episode_length"));
        var step = env.Step(NoAction);
        Assert.False(step.Info.ContainsKey("episode_length"));
        Assert.Equal(1.0, step.Info.GetNumber("step"));
    }

    [Fact]
    public void A_disposed_env_refuses_calls()
    {
        var env = new CountingEnv();
        env.Dispose();
        env.Dispose();
        Assert.True(env.Disposed);
        Assert.Throws<ObjectDisposedException>(() => env.Reset());
    }

    [Fact]
    public void EnvSpec_ids_must_be_kebab_case_with_a_version()
    {
        Assert.Equal("driving-v1", new EnvSpec("driving-v1", 1000).Id);
        var error = Assert.Throws<ArgumentException>(() => new EnvSpec("Driving"));
        Assert.Contains("kebab-case-vN", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EnvSpec("driving-v1", 0));
    }
}
