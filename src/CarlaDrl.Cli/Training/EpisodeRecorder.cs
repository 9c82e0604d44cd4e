using System.Collections.Concurrent;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Wrappers;

namespace CarlaDrl.Cli.Training;

/// <summary>One finished training episode, as the episode CSV writes it.</summary>
internal sealed record EpisodeRecord(int Env, double Return, int Length, string Reason, int Start, int Goal, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Outermost wrapper of each training env: on the step that ends an episode it queues the episode's return, length,
/// termination reason, route and driving metrics (thread-safe: the envs step on worker threads).
/// </summary>
internal sealed class EpisodeRecorder : Wrapper<DictObservation, NDArray<float>>
{
    private readonly int _index;
    private readonly DrivingEnv _driving;
    private readonly ConcurrentQueue<EpisodeRecord> _queue;

    public EpisodeRecorder(IEnv<DictObservation, NDArray<float>> env, DrivingEnv driving, int index, ConcurrentQueue<EpisodeRecord> queue)
        : base(env)
    {
        (_driving, _index, _queue) = (driving, index, queue);
    }

    public override StepResult<DictObservation> Step(NDArray<float> action)
    {
        var result = Env.Step(action);
        // An episode cut by a lost connection is on record (reason connection_lost); the steps of an env waiting for its
        // world to come back are no episodes at all.
        if ((result.Terminated || result.Truncated) && !result.Info.ContainsKey(DrivingEnv.WorldUnavailableKey))
        {
            var statistics = result.Info.Get<EpisodeStatistics>(InfoKeys.Episode);
            var metrics = result.Info.TryGet<IReadOnlyDictionary<string, double>>(DrivingEnv.MetricsKey, out var m) ? m : new Dictionary<string, double>();
            string reason = result.Info.TryGet<TerminationReason>(DrivingEnv.ReasonKey, out var r) ? Config.ConfigBinder.Snake(r.ToString()) : "unknown";
            (int start, int goal) = _driving.RouteSpots;
            _queue.Enqueue(new EpisodeRecord(_index, statistics.Return, statistics.Length, reason, start, goal, metrics));
        }

        return result;
    }
}
