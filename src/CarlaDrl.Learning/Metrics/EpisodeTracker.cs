using CarlaDrl.Envs;

namespace CarlaDrl.Learning.Metrics;

/// <summary>
/// Episode statistics for logging. From each vector-env info of a finished episode it reads
/// <see cref="InfoKeys.Episode"/> (an <see cref="EpisodeStatistics"/>, inside <see cref="InfoKeys.FinalInfo"/> behind
/// a vector env) into a window of the last <see cref="WindowSize"/> episodes (SB3's <c>ep_info_buffer</c>, for
/// <c>rollout/ep_rew_mean</c> and <c>rollout/ep_len_mean</c>), and sums the numbers of
/// <see cref="EpisodeMetricsKey"/> (an <c>IReadOnlyDictionary&lt;string, double&gt;</c>) over the current rollout.
/// </summary>
public sealed class EpisodeTracker
{
    /// <summary>Info key under which an env reports per-episode numbers, e.g. <c>driving/route_completion</c>.</summary>
    public const string EpisodeMetricsKey = "episode_metrics";

    public const int DefaultWindowSize = 100;

    private readonly Queue<(double Return, int Length)> _window;
    private readonly Dictionary<string, (double Sum, int Count)> _rolloutMetrics = new(StringComparer.Ordinal);

    public EpisodeTracker(int windowSize = DefaultWindowSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSize);
        WindowSize = windowSize;
        _window = new(windowSize);
    }

    public int WindowSize { get; }

    /// <summary>Episodes recorded since construction (or as restored from a checkpoint).</summary>
    public long TotalEpisodes { get; private set; }

    /// <summary>Episodes that finished in the current rollout.</summary>
    public int RolloutEpisodes { get; private set; }

    public int WindowCount => _window.Count;

    /// <summary>Mean return over the window, or null before the first episode.</summary>
    public double? MeanReturn => _window.Count == 0 ? null : _window.Average(e => e.Return);

    /// <summary>Mean length in steps over the window, or null before the first episode.</summary>
    public double? MeanLength => _window.Count == 0 ? null : _window.Average(e => e.Length);

    /// <summary>Per key, the mean over the episodes of the current rollout that reported it.</summary>
    public IReadOnlyDictionary<string, double> RolloutMetricMeans =>
        _rolloutMetrics.ToDictionary(p => p.Key, p => p.Value.Sum / p.Value.Count, StringComparer.Ordinal);

    public void StartRollout()
    {
        _rolloutMetrics.Clear();
        RolloutEpisodes = 0;
    }

    /// <summary>Reads the info of an env whose episode ended this step.</summary>
    public void Record(Info info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Info source = info.TryGet<Info>(InfoKeys.FinalInfo, out var final) ? final : info;
        if (source.TryGet<EpisodeStatistics>(InfoKeys.Episode, out var episode))
        {
            Add(episode.Return, episode.Length);
        }

        if (source.TryGet<IReadOnlyDictionary<string, double>>(EpisodeMetricsKey, out var metrics))
        {
            foreach (var (key, value) in metrics)
            {
                var (sum, count) = _rolloutMetrics.GetValueOrDefault(key);
                _rolloutMetrics[key] = (sum + value, count + 1);
            }
        }
    }

    public void Add(double episodeReturn, int length)
    {
        if (_window.Count == WindowSize)
        {
            _window.Dequeue();
        }

        _window.Enqueue((episodeReturn, length));
        TotalEpisodes++;
        RolloutEpisodes++;
    }

    public EpisodeTrackerState GetState() =>
        new([.. _window.Select(e => e.Return)], [.. _window.Select(e => e.Length)], TotalEpisodes);

    public void SetState(EpisodeTrackerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Returns.Length != state.Lengths.Length || state.Returns.Length > WindowSize)
        {
            throw new ArgumentException($"Episode window state has {state.Returns.Length} returns and {state.Lengths.Length} lengths for a window of {WindowSize}.", nameof(state));
        }

        _window.Clear();
        for (int i = 0; i < state.Returns.Length; i++)
        {
            _window.Enqueue((state.Returns[i], state.Lengths[i]));
        }

        TotalEpisodes = state.TotalEpisodes;
    }
}
