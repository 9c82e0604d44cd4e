using System.Buffers.Binary;
using System.Net.Sockets;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Protocol;

/// <summary>
/// Reads length-prefixed messages (spec §3: a uint32 little-endian length, then exactly that many bytes) from a
/// stream. The body returned by <see cref="Read"/> lives in a buffer reused by the next read. A zero-length message
/// is legal and returns an empty body. Lengths above <see cref="MaxMessageBytes"/> fail before any allocation.
/// </summary>
public sealed class MessageReader
{
    /// <summary>
    /// Default size guard: an 8192×8192 BGRA camera blob (the largest camera the settings accept) plus headers, so any
    /// real frame passes and an absurd prefix (a text protocol, a byte-order mix-up) fails at once.
    /// </summary>
    public const int DefaultMaxMessageBytes = (4 * CameraDefinition.MaxImageSide * CameraDefinition.MaxImageSide) + 4096;

    private readonly Stream _stream;
    private readonly string _peer;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;

    /// <param name="stream">The connection.</param>
    /// <param name="peer">Names the connection in errors, e.g. "127.0.0.1:2001 (stream port)".</param>
    /// <param name="maxMessageBytes">The largest accepted body, in bytes.</param>
    public MessageReader(Stream stream, string peer, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _peer = peer ?? "";
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxMessageBytes);
        MaxMessageBytes = maxMessageBytes;
    }

    public int MaxMessageBytes { get; }

    /// <summary>True when bytes of a next message were already read ahead from the stream (a socket poll cannot see them).</summary>
    public bool HasBufferedBytes => _end > _start;

    /// <summary>Reads one message; the body stays valid until the next call.</summary>
    /// <exception cref="EndOfStreamException">the peer closed the connection before a new message began.</exception>
    /// <exception cref="CarlaProtocolException">an oversized length, or a close in the middle of a message.</exception>
    /// <exception cref="TimeoutException">no data within the stream's read timeout.</exception>
    public ReadOnlyMemory<byte> Read()
    {
        if (_start > 0)
        {
            // Keep what was read ahead at the front, so the buffer holds whole messages.
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        int got = Fill(4);
        if (got == 0)
        {
            throw new EndOfStreamException($"{_peer}: the peer closed the connection.");
        }

        if (got < 4)
        {
            throw new CarlaProtocolException($"{_peer}: the connection closed inside a length prefix ({got} of 4 bytes).");
        }

        ReadOnlySpan<byte> prefix = _buffer.AsSpan(0, 4);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(prefix);
        if (length > (uint)MaxMessageBytes)
        {
            _start = _end = 0; // the stream is out of step; nothing after this can be trusted
            throw new CarlaProtocolException(
                $"{_peer}: message length {length} bytes (prefix {Convert.ToHexString(prefix)}) exceeds the limit of {MaxMessageBytes} bytes; the peer does not speak the CARLA 0.8.4 protocol or the stream is out of step.");
        }

        int total = 4 + (int)length;
        if (_buffer.Length < total)
        {
            Array.Resize(ref _buffer, (int)Math.Min(Math.Max(total, 2L * _buffer.Length), MaxMessageBytes + 4L));
        }

        got = Fill(total);
        if (got < total)
        {
            throw new CarlaProtocolException($"{_peer}: the connection closed inside a message ({got - 4} of {length} bytes).");
        }

        _start = total;
        return _buffer.AsMemory(4, (int)length);
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered or the stream ends; returns the bytes buffered.</summary>
    private int Fill(int count)
    {
        while (_end < count)
        {
            int n;
            try
            {
                n = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
            {
                throw new TimeoutException($"{_peer}: no data within {ReadTimeoutText()}.", e);
            }

            if (n == 0)
            {
                break;
            }

            _end += n;
        }

        return Math.Min(_end, count);
    }

    private string ReadTimeoutText()
    {
        try
        {
            return _stream.CanTimeout ? $"{_stream.ReadTimeout / 1000.0:0.#} s" : "the read timeout";
        }
        catch (InvalidOperationException)
        {
            return "the read timeout";
        }
    }
}
