using System.Buffers.Binary;
using System.Net;

namespace CarlaDrl.Learning.Metrics;

/// <summary>
/// Writes TensorBoard event files ourselves (TorchSharp's SummaryWriter takes an int step and writes .NET ticks as
/// the first wall time: ENVIRONMENT.md). A file is a sequence of TFRecords — uint64 length, masked CRC-32C of the
/// length, the data, masked CRC-32C of the data — each holding a <c>tensorflow.Event</c> (event.proto): wall_time
/// (double, Unix seconds, field 1), step (int64, field 2), then file_version "brain.Event:2" (field 3) in the first
/// record and a Summary (field 5) in the others. Scalars are <c>simple_value</c>s; text uses the text plugin's
/// format (a DT_STRING tensor with <c>plugin_name = "text"</c>). A resumed run writing to the same directory adds
/// a new file and TensorBoard joins the curves by step.
/// </summary>
public sealed class TensorBoardSink : IMetricsSink
{
    public const string FileVersion = "brain.Event:2";

    private const int DtString = 7; // tensorflow/core/framework/types.proto

    private readonly FileStream _stream;
    private readonly Lock _lock = new();

    public TensorBoardSink(string logDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDirectory);
        Directory.CreateDirectory(logDirectory);
        long unix = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        string host = Dns.GetHostName();
        string baseName = Path.Combine(Path.GetFullPath(logDirectory), $"events.out.tfevents.{unix}.{host}");
        FilePath = baseName;
        for (int n = 1; File.Exists(FilePath); n++)
        {
            FilePath = $"{baseName}.{n}";
        }

        _stream = new FileStream(FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);
        WriteEvent(new ProtoWriter().Double(1, WallTime()).Int64(2, 0).String(3, FileVersion));
        Flush();
    }

    /// <summary>The event file this sink writes.</summary>
    public string FilePath { get; }

    public void Scalar(string key, double value, long step)
    {
        ArgumentNullException.ThrowIfNull(key);
        var summaryValue = new ProtoWriter().String(1, key).Float(2, (float)value);
        WriteSummary(summaryValue, step);
    }

    public void Text(string key, string text, long step)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(text);
        var pluginData = new ProtoWriter().String(1, "text");
        var metadata = new ProtoWriter().Message(1, pluginData);
        var shape = new ProtoWriter().Message(2, new ProtoWriter().Int64(1, 1));
        var tensor = new ProtoWriter().Int64(1, DtString).Message(2, shape).String(8, text);
        var summaryValue = new ProtoWriter().String(1, key).Message(9, metadata).Message(8, tensor);
        WriteSummary(summaryValue, step);
    }

    public void Flush()
    {
        lock (_lock)
        {
            _stream.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _stream.Dispose();
        }
    }

    private static double WallTime() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;

    private void WriteSummary(ProtoWriter summaryValue, long step)
    {
        var summary = new ProtoWriter().Message(1, summaryValue);
        WriteEvent(new ProtoWriter().Double(1, WallTime()).Int64(2, step).Message(5, summary));
    }

    private void WriteEvent(ProtoWriter eventMessage)
    {
        var data = eventMessage.WrittenSpan;
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Masked(header[..8]));
        Span<byte> footer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.Masked(data));
        lock (_lock)
        {
            _stream.Write(header);
            _stream.Write(data);
            _stream.Write(footer);
        }
    }
}
