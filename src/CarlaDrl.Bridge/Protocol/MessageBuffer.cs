using System.Buffers;
using System.Runtime.InteropServices;
using MessagePack;

namespace CarlaDrl.Bridge.Protocol;

/// <summary>A reusable output buffer for one msgpack message at a time (no allocation once it has grown).</summary>
internal sealed class MessageBuffer
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    /// <summary>Starts a new message: the returned writer writes into this buffer; call <see cref="MessagePackWriter.Flush"/> when done.</summary>
    public MessagePackWriter Start()
    {
        _buffer.ResetWrittenCount();
        return new MessagePackWriter(_buffer);
    }

    /// <summary>The written message as an array segment (valid until the next <see cref="Start"/>).</summary>
    public ArraySegment<byte> Written =>
        MemoryMarshal.TryGetArray(_buffer.WrittenMemory, out ArraySegment<byte> segment) ? segment : new ArraySegment<byte>(_buffer.WrittenSpan.ToArray());
}
