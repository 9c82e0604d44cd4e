namespace CarlaDrl.Learning.Metrics;

/// <summary>Keeps every metric in memory, for tests and for callers that inspect what was logged.</summary>
public sealed class MemorySink : IMetricsSink
{
    private readonly List<ScalarRecord> _scalars = [];
    private readonly List<TextRecord> _texts = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<ScalarRecord> Scalars
    {
        get
        {
            lock (_lock)
            {
                return [.. _scalars];
            }
        }
    }

    public IReadOnlyList<TextRecord> Texts
    {
        get
        {
            lock (_lock)
            {
                return [.. _texts];
            }
        }
    }

    public int FlushCount { get; private set; }

    /// <summary>The values logged under <paramref name="key"/>, in order.</summary>
    public IReadOnlyList<double> Values(string key) => [.. Scalars.Where(s => s.Key == key).Select(s => s.Value)];

    public void Scalar(string key, double value, long step)
    {
        lock (_lock)
        {
            _scalars.Add(new(key, value, step));
        }
    }

    public void Text(string key, string text, long step)
    {
        lock (_lock)
        {
            _texts.Add(new(key, text, step));
        }
    }

    public void Flush() => FlushCount++;

    public void Dispose()
    {
    }
}
