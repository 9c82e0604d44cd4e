namespace CarlaDrl.Learning.Metrics;

/// <summary>Sends every metric to several sinks (e.g. TensorBoard and CSV); disposing it disposes them.</summary>
public sealed class CompositeSink(params IMetricsSink[] sinks) : IMetricsSink
{
    private readonly IMetricsSink[] _sinks = sinks ?? throw new ArgumentNullException(nameof(sinks));

    public void Scalar(string key, double value, long step)
    {
        foreach (var sink in _sinks)
        {
            sink.Scalar(key, value, step);
        }
    }

    public void Text(string key, string text, long step)
    {
        foreach (var sink in _sinks)
        {
            sink.Text(key, text, step);
        }
    }

    public void Flush()
    {
        foreach (var sink in _sinks)
        {
            sink.Flush();
        }
    }

    public void Dispose()
    {
        foreach (var sink in _sinks)
        {
            sink.Dispose();
        }
    }
}
