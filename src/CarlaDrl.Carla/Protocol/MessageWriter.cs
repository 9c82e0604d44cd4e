using System.Buffers.Binary;
using System.Net.Sockets;
using Google.Protobuf;

namespace CarlaDrl.Carla.Protocol;

/// <summary>
/// Writes length-prefixed messages (spec §3). Messages are appended to a reused buffer and sent with one write by
/// <see cref="Flush"/>, so a whole P+1 frame (measurements, blobs, terminator) costs one system call; the official
/// client likewise sends prefix and body in one <c>sendall</c>.
/// </summary>
public sealed class MessageWriter
{
    private readonly Stream _stream;
    private readonly string _peer;
    private byte[] _buffer = new byte[4096];
    private int _length;

    public MessageWriter(Stream stream, string peer)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _peer = peer ?? "";
    }

    /// <summary>Bytes appended and not yet flushed.</summary>
    public int PendingBytes => _length;

    /// <summary>Appends one message with its prefix.</summary>
    public void Append(ReadOnlySpan<byte> body) => body.CopyTo(Reserve(body.Length));

    /// <summary>Appends a zero-length message (the P+1 frame terminator, or an all-default proto3 body).</summary>
    public void AppendEmpty() => Reserve(0);

    /// <summary>Appends a protobuf message with its prefix.</summary>
    internal void Append(IMessage message)
    {
        int size = message.CalculateSize();
        message.WriteTo(Reserve(size));
    }

    /// <summary>Appends a prefix for <paramref name="length"/> bytes and returns the body's space to fill.</summary>
    public Span<byte> Reserve(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        int needed = _length + 4 + length;
        if (_buffer.Length < needed)
        {
            Array.Resize(ref _buffer, Math.Max(needed, _buffer.Length * 2));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), (uint)length);
        Span<byte> body = _buffer.AsSpan(_length + 4, length);
        _length = needed;
        return body;
    }

    /// <summary>Sends everything appended so far in one write.</summary>
    /// <exception cref="TimeoutException">the peer did not take the data within the stream's write timeout.</exception>
    public void Flush()
    {
        int length = _length;
        _length = 0;
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            _stream.Write(_buffer, 0, length);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock } && WriteTimedOut(start))
        {
            throw new TimeoutException($"{_peer}: the peer took no data within the write timeout.", e);
        }
    }

    /// <summary>A blocked send that fails early failed because the peer left, not because the timeout passed.</summary>
    private bool WriteTimedOut(long start)
    {
        try
        {
            return !_stream.CanTimeout || System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds >= 0.9 * _stream.WriteTimeout;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    /// <summary>Appends and sends one message.</summary>
    public void Write(ReadOnlySpan<byte> body)
    {
        Append(body);
        Flush();
    }

    internal void Write(IMessage message)
    {
        Append(message);
        Flush();
    }

    /// <summary>Drops what was appended and not flushed.</summary>
    public void Discard() => _length = 0;
}
