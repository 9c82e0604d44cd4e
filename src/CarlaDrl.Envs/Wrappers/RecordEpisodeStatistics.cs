using System.Diagnostics;

namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>RecordEpisodeStatistics</c>: on the step that ends an episode, adds info
/// <see cref="InfoKeys.Episode"/> = <see cref="EpisodeStatistics"/> (return, length, seconds since reset) and
/// remembers the last <c>bufferLength</c> episodes. Put it inside reward-changing wrappers to record raw returns.
/// </summary>
public sealed class RecordEpisodeStatistics<TObs, TAct> : Wrapper<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    public const int DefaultBufferLength = 100;

    private readonly int _bufferLength;
    private readonly Queue<double> _returnQueue;
    private readonly Queue<int> _lengthQueue;
    private readonly Queue<double> _timeQueue;
    private double _episodeReturn;
    private int _episodeLength;
    private long _episodeStartTimestamp;

    public RecordEpisodeStatistics(IEnv<TObs, TAct> env, int bufferLength = DefaultBufferLength)
        : base(env)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bufferLength);
        _bufferLength = bufferLength;
        _returnQueue = new(bufferLength);
        _lengthQueue = new(bufferLength);
        _timeQueue = new(bufferLength);
    }

    /// <summary>Returns of the last episodes, oldest first.</summary>
    public IReadOnlyCollection<double> ReturnQueue => _returnQueue;

    /// <summary>Lengths in steps of the last episodes, oldest first.</summary>
    public IReadOnlyCollection<int> LengthQueue => _lengthQueue;

    /// <summary>Wall-clock durations in seconds of the last episodes, oldest first.</summary>
    public IReadOnlyCollection<double> TimeQueue => _timeQueue;

    /// <summary>Episodes finished since construction.</summary>
    public long EpisodeCount { get; private set; }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        _episodeReturn = 0;
        _episodeLength = 0;
        _episodeStartTimestamp = Stopwatch.GetTimestamp();
        return result;
    }

    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        _episodeReturn += result.Reward;
        _episodeLength++;
        if (result.Terminated || result.Truncated)
        {
            if (result.Info.ContainsKey(InfoKeys.Episode))
            {
                throw new InvalidOperationException($"Info already has '{InfoKeys.Episode}': is RecordEpisodeStatistics applied twice?");
            }

            double seconds = Stopwatch.GetElapsedTime(_episodeStartTimestamp).TotalSeconds;
            result.Info.Set(InfoKeys.Episode, new EpisodeStatistics(_episodeReturn, _episodeLength, seconds));
            Enqueue(_returnQueue, _episodeReturn);
            Enqueue(_lengthQueue, _episodeLength);
            Enqueue(_timeQueue, seconds);
            EpisodeCount++;
        }

        return result;
    }

    private void Enqueue<T>(Queue<T> queue, T value)
    {
        if (queue.Count == _bufferLength)
        {
            queue.Dequeue();
        }

        queue.Enqueue(value);
    }
}
