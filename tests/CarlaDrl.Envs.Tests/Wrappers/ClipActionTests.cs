using CarlaDrl.Envs.Spaces;
using CarlaDrl.Envs.Tests.Fakes;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Wrappers;

public sealed class ClipActionTests
{
    [Fact]
    public void Actions_are_clipped_to_the_space_without_touching_the_callers_array()
    {
        var recorder = new RecordingWrapper<DictObservation, NDArray<float>>(new CountingEnv());
        using var env = new ClipAction<DictObservation>(recorder);
        env.Reset(seed: 0);
        var action = new NDArray<float>([2], [5f, -0.5f]);

        env.Step(action);

        Assert.Equal([1f, -0.5f], recorder.LastAction!.Data);
        Assert.NotSame(action, recorder.LastAction);
        Assert.Equal([5f, -0.5f], action.Data);
    }

    [Fact]
    public void The_action_space_stays_the_bounded_inner_one()
    {
        using var env = new ClipAction<DictObservation>(new CountingEnv());
        var space = Assert.IsType<Box<float>>(env.ActionSpace);
        Assert.True(space.IsBounded);
    }

    [Fact]
    public void A_wrong_action_shape_is_rejected_with_the_space()
    {
        using var env = new ClipAction<DictObservation>(new CountingEnv());
        env.Reset(seed: 0);
        var error = Assert.Throws<ArgumentException>(() => env.Step(NDArray<float>.Zeros(3)));
        Assert.Contains("Box(-1.0, 1.0, (2,), float32)", error.Message, StringComparison.Ordinal);
    }
}
