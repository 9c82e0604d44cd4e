using CarlaDrl.Envs.Spaces;
using CarlaDrl.Envs.Tests.Fakes;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Wrappers;

public sealed class NormalizeDictObservationTests
{
    private static readonly NDArray<float> Action = new([2], [0.3f, -0.1f]);

    [Fact]
    public void Chosen_keys_are_normalised_and_the_camera_passes_through()
    {
        var recorder = new RecordingWrapper<DictObservation, NDArray<float>>(new CountingEnv());
        using var env = new NormalizeDictObservation<NDArray<float>>(recorder, ["state"]);
        var reset = env.Reset(seed: 4).Observation;
        var step = env.Step(Action).Observation;

        Assert.Same(recorder.LastObservation!["camera"], step["camera"]);
        Assert.NotSame(recorder.LastObservation["state"], step["state"]);
        Assert.Same(reset, step);
        Assert.Equal(2 + 1e-4, env.ObservationStatistics["state"].Count, 9);
    }

    [Fact]
    public void The_output_space_makes_normalised_parts_unbounded_and_keeps_the_rest()
    {
        using var env = new NormalizeDictObservation<NDArray<float>>(new CountingEnv(), ["state"]);
        var space = Assert.IsType<DictSpace>(env.ObservationSpace);
        Assert.Equal("Dict('camera': Box(0, 255, (4, 4, 3), uint8), 'state': Box(-inf, inf, (3,), float32))", space.ToString());
        env.Reset(seed: 1);
        Assert.True(space.Contains(env.Step(Action).Observation));
    }

    [Fact]
    public void Outputs_match_a_direct_computation_with_the_statistics()
    {
        var inner = new CountingEnv();
        using var env = new NormalizeDictObservation<NDArray<float>>(inner, ["state"]);
        env.Reset(seed: 6);
        var output = env.Step(Action).Observation.Get<NDArray<float>>("state");
        var statistics = env.ObservationStatistics["state"];

        using var twin = new CountingEnv();
        twin.Reset(seed: 6);
        var raw = twin.Step(Action).Observation.Get<NDArray<float>>("state");
        for (int i = 0; i < 3; i++)
        {
            double expected = (raw[i] - statistics.Mean[i]) / Math.Sqrt(statistics.Var[i] + 1e-8);
            Assert.Equal(expected, output[i], 1e-5);
        }
    }

    [Fact]
    public void Unknown_or_non_float_keys_are_rejected_by_name()
    {
        var unknown = Assert.Throws<ArgumentException>(() => new NormalizeDictObservation<NDArray<float>>(new CountingEnv(), ["speed"]));
        Assert.Contains("'speed'", unknown.Message, StringComparison.Ordinal);

        var camera = Assert.Throws<ArgumentException>(() => new NormalizeDictObservation<NDArray<float>>(new CountingEnv(), ["camera"]));
        Assert.Contains("'camera'", camera.Message, StringComparison.Ordinal);
        Assert.Contains("only Box<float>", camera.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frozen_statistics_do_not_change_and_restore_round_trips()
    {
        using var env = new NormalizeDictObservation<NDArray<float>>(new CountingEnv(), ["state"]) { UpdateRunningMean = false };
        var state = new RunningMeanStdState([1, 2, 3], [4, 4, 4], 10);
        env.ObservationStatistics["state"].SetState(state);
        env.Reset(seed: 0);
        env.Step(Action);
        var after = env.ObservationStatistics["state"].GetState();
        Assert.Equal(state.Mean, after.Mean);
        Assert.Equal(state.Var, after.Var);
        Assert.Equal(10, after.Count);
    }
}
