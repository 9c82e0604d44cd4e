using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Vector;

public sealed class AutoResetTests
{
    private static readonly NDArray<float> Action = new([2], [0.2f, 0.6f]);

    [Theory]
    [MemberData(nameof(VectorEnvKinds.Both), MemberType = typeof(VectorEnvKinds))]
    public void The_ending_step_returns_the_reset_observation_and_keeps_the_final_one_in_the_info(string kind)
    {
        using var vector = VectorEnvKinds.Create<DictObservation, NDArray<float>>(kind, () => new CountingEnv(3, 3), () => new CountingEnv(5, 5));
        using var reference = new CountingEnv(3, 3);
        var space = reference.ObservationSpace;

        vector.Reset(seed: 10);
        reference.Reset(seed: 10);
        for (int t = 1; t < 3; t++)
        {
            var running = vector.Step([Action, Action]);
            var expected = reference.Step(Action);
            Assert.False(running.Terminated[0]);
            Assert.False(running.Infos[0].ContainsKey(InfoKeys.FinalObservation));
            Assert.True(ObservationComparer.AreEqual(expected.Observation, running.Observations[0]));
        }

        var ending = vector.Step([Action, Action]);
        var final = reference.Step(Action);
        var finalObservation = space.Clone(final.Observation);
        double finalReward = final.Reward;
        var resetObservation = reference.Reset().Observation;

        Assert.True(ending.Terminated[0]);
        Assert.False(ending.Truncated[0]);
        Assert.Equal(finalReward, ending.Rewards[0]);
        var info = ending.Infos[0];
        Assert.Null(ObservationComparer.Difference(finalObservation, info.Get<DictObservation>(InfoKeys.FinalObservation)));
        Assert.Null(ObservationComparer.Difference(resetObservation, ending.Observations[0]));
        Assert.NotSame(ending.Observations[0], info.Get<DictObservation>(InfoKeys.FinalObservation));
        Assert.Equal(3.0, info.Get<Info>(InfoKeys.FinalInfo).GetNumber("step"));
        Assert.True(info.ContainsKey("episode_length"), "the info of an autoreset step is the reset's info plus the final entries");
        Assert.False(ending.Terminated[1]);
        Assert.False(ending.Infos[1].ContainsKey(InfoKeys.FinalObservation));
    }

    [Theory]
    [MemberData(nameof(VectorEnvKinds.Both), MemberType = typeof(VectorEnvKinds))]
    public void Env_i_is_seeded_with_seed_plus_i(string kind)
    {
        using var vector = VectorEnvKinds.Create<DictObservation, NDArray<float>>(kind, () => new CountingEnv(), () => new CountingEnv(), () => new CountingEnv());
        var observations = vector.Reset(seed: 100).Observations;
        for (int i = 0; i < 3; i++)
        {
            using var single = new CountingEnv();
            Assert.Null(ObservationComparer.Difference(single.Reset(seed: 100 + i).Observation, observations[i]));
        }
    }

    [Theory]
    [MemberData(nameof(VectorEnvKinds.Both), MemberType = typeof(VectorEnvKinds))]
    public void Misuse_fails_with_clear_messages(string kind)
    {
        using var vector = VectorEnvKinds.Create<DictObservation, NDArray<float>>(kind, () => new CountingEnv(), () => new CountingEnv());
        Assert.Throws<ResetNeededException>(() => vector.Step([Action, Action]));
        vector.Reset(seed: 0);
        var error = Assert.Throws<ArgumentException>(() => vector.Step([Action]));
        Assert.Contains("Expected 2 actions (one per env), got 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, vector.NumEnvs);
        Assert.Equal("Box(-1.0, 1.0, (2,), float32)", vector.SingleActionSpace.ToString());
    }
}
