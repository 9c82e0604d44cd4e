using CarlaDrl.Envs.Spaces;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Wrappers;

public sealed class NormalizeObservationTests
{
    private static readonly NDArray<float> Action = NDArray<float>.Zeros(1);

    [Fact]
    public void Statistics_converge_to_the_raw_observations_and_outputs_use_them()
    {
        using var env = new NormalizeObservation<NDArray<float>>(new IdentityEnvBox(episodeLength: 1000));
        using var raw = new IdentityEnvBox(episodeLength: 1000);
        var observations = new List<float> { raw.Reset(seed: 3).Observation[0] };
        env.Reset(seed: 3);
        NDArray<float> output = null!;
        for (int t = 0; t < 999; t++)
        {
            observations.Add(raw.Step(Action).Observation[0]);
            output = env.Step(Action).Observation;
        }

        double mean = observations.Average(x => (double)x);
        double variance = observations.Average(x => (x - mean) * (x - mean));
        var statistics = env.ObservationStatistics;
        Assert.Equal(mean, statistics.Mean[0], 1e-5);
        Assert.Equal(variance, statistics.Var[0], 1e-4);
        Assert.Equal(1000 + 1e-4, statistics.Count, 9);

        double expected = (observations[^1] - statistics.Mean[0]) / Math.Sqrt(statistics.Var[0] + 1e-8);
        Assert.Equal(expected, output[0], 1e-6);
    }

    [Fact]
    public void The_observation_space_is_the_unbounded_box_of_the_same_shape()
    {
        using var env = new NormalizeObservation<NDArray<float>>(new IdentityEnvBox());
        Assert.Equal("Box(-inf, inf, (1,), float32)", env.ObservationSpace.ToString());
    }

    [Fact]
    public void Restored_statistics_give_identical_outputs()
    {
        using var trained = new NormalizeObservation<NDArray<float>>(new IdentityEnvBox());
        trained.Reset(seed: 1);
        for (int t = 0; t < 50; t++)
        {
            trained.Step(Action);
        }

        using var restored = new NormalizeObservation<NDArray<float>>(new IdentityEnvBox());
        restored.ObservationStatistics.SetState(trained.ObservationStatistics.GetState());

        Assert.Equal(trained.Reset(seed: 9).Observation.Data, restored.Reset(seed: 9).Observation.Data);
        for (int t = 0; t < 20; t++)
        {
            Assert.Equal(trained.Step(Action).Observation.Data, restored.Step(Action).Observation.Data);
        }
    }

    [Fact]
    public void Frozen_statistics_do_not_change()
    {
        using var env = new NormalizeObservation<NDArray<float>>(new IdentityEnvBox()) { UpdateRunningMean = false };
        env.Reset(seed: 2);
        env.Step(Action);
        Assert.Equal(1e-4, env.ObservationStatistics.Count);
        Assert.Equal(0, env.ObservationStatistics.Mean[0]);
    }

    [Fact]
    public void Only_float_boxes_can_be_normalised()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new NormalizeObservation<NDArray<float>>(new ObservationSpaceOverride(new IdentityEnvBox())));
        Assert.Contains("Box<float>", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Claims a non-Box observation space, to test the constructor's check.</summary>
    private sealed class ObservationSpaceOverride(IEnv<NDArray<float>, NDArray<float>> env) : Wrapper<NDArray<float>, NDArray<float>>(env)
    {
        public override Space<NDArray<float>> ObservationSpace => new NotABoxSpace();
    }

    private sealed class NotABoxSpace() : Space<NDArray<float>>([1], CarlaDrl.Envs.Spaces.DType.Float32)
    {
        public override NDArray<float> Sample() => new(1);

        public override bool Contains(NDArray<float> value) => true;

        public override NDArray<float> Create() => new(1);

        public override void CopyTo(NDArray<float> source, NDArray<float> destination) => source.CopyTo(destination);
    }
}
