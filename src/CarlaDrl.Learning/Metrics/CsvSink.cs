using System.Globalization;
using System.Text;

namespace CarlaDrl.Learning.Metrics;

/// <summary>
/// Scalars as CSV rows <c>wall_time,step,key,value</c> (wall time in Unix seconds), one row per value, so new keys
/// never change the columns. Text entries are skipped (TensorBoard holds them). Appends to an existing file, so a
/// resumed run continues the same table.
/// </summary>
public sealed class CsvSink : IMetricsSink
{
    public const string Header = "wall_time,step,key,value";

    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    public CsvSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        bool isNew = !File.Exists(Path) || new FileInfo(Path).Length == 0;
        _writer = new StreamWriter(new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        if (isNew)
        {
            _writer.WriteLine(Header);
        }
    }

    public string Path { get; }

    public void Scalar(string key, double value, long step)
    {
        ArgumentNullException.ThrowIfNull(key);
        double wallTime = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        string quotedKey = key.AsSpan().IndexOfAny(",\"\n") >= 0 ? "\"" + key.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : key;
        lock (_lock)
        {
            _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{wallTime:0.000},{step},{quotedKey},{value:R}"));
        }
    }

    public void Text(string key, string text, long step)
    {
    }

    public void Flush()
    {
        lock (_lock)
        {
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _writer.Dispose();
        }
    }
}
