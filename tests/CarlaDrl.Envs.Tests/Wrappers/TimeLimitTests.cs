using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests.Wrappers;

public sealed class TimeLimitTests
{
    private static readonly NDArray<float> NoAction = NDArray<float>.Zeros(2);

    [Fact]
    public void The_limit_truncates_and_marks_the_info()
    {
        using var env = new TimeLimit<DictObservation, NDArray<float>>(new CountingEnv(100, 100), 3);
        env.Reset(seed: 0);
        for (int t = 1; t < 3; t++)
        {
            var step = env.Step(NoAction);
            Assert.False(step.Truncated);
            Assert.False(step.Info.ContainsKey(InfoKeys.TimeLimitTruncated));
        }

        var last = env.Step(NoAction);
        Assert.True(last.Truncated);
        Assert.False(last.Terminated);
        Assert.True(last.Info.Get<bool>(InfoKeys.TimeLimitTruncated));
        Assert.Throws<ResetNeededException>(() => env.Step(NoAction));

        env.Reset();
        Assert.Equal(0, env.ElapsedSteps);
        Assert.False(env.Step(NoAction).Truncated);
    }

    [Fact]
    public void A_termination_on_the_last_step_keeps_terminated_and_omits_the_info_flag()
    {
        using var env = new TimeLimit<DictObservation, NDArray<float>>(new CountingEnv(2, 2), 2);
        env.Reset(seed: 0);
        env.Step(NoAction);
        var last = env.Step(NoAction);
        Assert.True(last.Terminated);
        Assert.True(last.Truncated);
        Assert.False(last.Info.ContainsKey(InfoKeys.TimeLimitTruncated));
    }

    [Fact]
    public void The_limit_comes_from_the_spec_when_not_given()
    {
        var inner = new TimeLimit<DictObservation, NDArray<float>>(new CountingEnv(), 7);
        using var env = new TimeLimit<DictObservation, NDArray<float>>(inner);
        Assert.Equal(7, env.MaxEpisodeSteps);
        Assert.Equal(new EnvSpec("counting-v0", 7), env.Spec);
        Assert.Same(inner.Env, env.Unwrapped);

        var error = Assert.Throws<ArgumentException>(() => new TimeLimit<DictObservation, NDArray<float>>(new CountingEnv()));
        Assert.Contains("MaxEpisodeSteps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposing_a_wrapper_disposes_the_inner_env()
    {
        var inner = new CountingEnv();
        new TimeLimit<DictObservation, NDArray<float>>(inner, 5).Dispose();
        Assert.True(inner.Disposed);
    }
}
