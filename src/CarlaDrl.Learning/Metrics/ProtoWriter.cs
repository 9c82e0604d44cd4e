using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CarlaDrl.Learning.Metrics;

/// <summary>The few protobuf wire-format encodings TensorBoard's event messages need (no protobuf dependency).</summary>
internal sealed class ProtoWriter
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public ProtoWriter Double(int field, double value)
    {
        Tag(field, Fixed64);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    /// <summary>An int64/int32/enum field; negative values take ten bytes, as protobuf's two's-complement varint.</summary>
    public ProtoWriter Int64(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        value.CopyTo(_buffer.GetSpan(value.Length));
        _buffer.Advance(value.Length);
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.WrittenSpan);

    private void Tag(int field, int wireType) => WriteVarint((ulong)((field << 3) | wireType));

    private void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        int n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        _buffer.Advance(n);
    }
}
