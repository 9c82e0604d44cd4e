using CarlaDrl.Bridge.Client;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Envs;

namespace CarlaDrl.Bridge.Tests;

/// <summary>The driving task over a bridge worker: same as in process, and honest while the worker is down.</summary>
public sealed class DrivingEnvOverBridgeTests
{
    [Fact]
    public void While_the_worker_is_down_the_env_waits_with_discarded_steps_and_starts_afresh_when_it_returns()
    {
        var first = new TestBridge();
        int port = first.Port;
        using var env = new DrivingEnv(new RemoteWorld(new RemoteWorldOptions { Endpoint = first.Endpoint, HeartbeatTimeout = TimeSpan.FromSeconds(1) }), new DrivingScenario());
        env.Reset(seed: 5);
        var action = new NDArray<float>([2], [0f, 0.5f]);
        for (int i = 0; i < 5; i++)
        {
            Assert.False(InfoKeys.IsDiscarded(env.Step(action).Info));
        }

        byte[] lastCamera = ((NDArray<byte>)env.Step(action).Observation[DrivingEnv.CameraKey]).AsSpan().ToArray();
        first.Dispose();

        StepResult<DictObservation> cut = env.Step(action);
        Assert.True(cut.Truncated && InfoKeys.IsDiscarded(cut.Info));
        Assert.Equal(TerminationReason.ConnectionLost, cut.Info.Get<TerminationReason>(DrivingEnv.ReasonKey));
        Assert.True(cut.Info.ContainsKey(DrivingEnv.MetricsKey)); // the cut episode is on record

        var waiting = env.Reset();
        Assert.True(waiting.Info.ContainsKey(DrivingEnv.WorldUnavailableKey));
        Assert.True(InfoKeys.IsDiscarded(waiting.Info));
        Assert.Equal(lastCamera, ((NDArray<byte>)waiting.Observation[DrivingEnv.CameraKey]).AsSpan().ToArray()); // the last real image, not an invented one
        for (int i = 0; i < 3; i++)
        {
            StepResult<DictObservation> idle = env.Step(action);
            Assert.True(idle.Truncated && !idle.Terminated && idle.Reward == 0 && InfoKeys.IsDiscarded(idle.Info));
            Assert.False(idle.Info.ContainsKey(DrivingEnv.MetricsKey)); // no episode ran
            Assert.True(env.Reset().Info.ContainsKey(DrivingEnv.WorldUnavailableKey));
        }

        using var second = new TestBridge(bind: $"tcp://127.0.0.1:{port}");
        ResetResult<DictObservation>? back = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            back = env.Reset();
            if (!back.Value.Info.ContainsKey(DrivingEnv.WorldUnavailableKey))
            {
                break;
            }

            Thread.Sleep(50);
        }

        Assert.False(back!.Value.Info.ContainsKey(DrivingEnv.WorldUnavailableKey), "the env never came back");
        Assert.False(InfoKeys.IsDiscarded(back.Value.Info));
        StepResult<DictObservation> step = env.Step(action);
        Assert.False(InfoKeys.IsDiscarded(step.Info));
        Assert.Equal(1, second.Server.Sessions);
    }
}
