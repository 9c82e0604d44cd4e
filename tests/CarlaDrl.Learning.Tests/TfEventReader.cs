using System.Buffers.Binary;
using System.Text;
using CarlaDrl.Learning.Metrics;

namespace CarlaDrl.Learning.Tests;

/// <summary>
/// An independent reader of TensorBoard event files for the tests: TFRecord framing with both CRCs checked and a
/// generic protobuf decoder, interpreted with the field numbers of tensorflow's event.proto and summary.proto.
/// </summary>
internal static class TfEventReader
{
    public static IReadOnlyList<TfEvent> Read(string path) => [.. Records(path).Select(ParseEvent)];

    /// <summary>The payloads of the file's TFRecords, after checking both CRCs of each.</summary>
    public static IReadOnlyList<byte[]> Records(string path)
    {
        byte[] file = File.ReadAllBytes(path);
        var records = new List<byte[]>();
        int offset = 0;
        while (offset < file.Length)
        {
            var header = file.AsSpan(offset, 12);
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            Assert.Equal(Crc32C.Masked(header[..8]), BinaryPrimitives.ReadUInt32LittleEndian(header[8..]));
            var data = file.AsSpan(offset + 12, (int)length);
            Assert.Equal(Crc32C.Masked(data), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(offset + 12 + (int)length, 4)));
            records.Add(data.ToArray());
            offset += 12 + (int)length + 4;
        }

        return records;
    }

    private static TfEvent ParseEvent(byte[] data)
    {
        var fields = Decode(data);
        double wallTime = BitConverter.Int64BitsToDouble((long)(ulong)fields.Single(f => f.Number == 1).Value);
        long step = fields.Where(f => f.Number == 2).Select(f => (long)(ulong)f.Value).SingleOrDefault();
        string? fileVersion = fields.Where(f => f.Number == 3).Select(f => Encoding.UTF8.GetString((byte[])f.Value)).SingleOrDefault();
        var values = new List<TfValue>();
        foreach (var summary in fields.Where(f => f.Number == 5))
        {
            foreach (var value in Decode((byte[])summary.Value).Where(f => f.Number == 1))
            {
                var parts = Decode((byte[])value.Value);
                string tag = Encoding.UTF8.GetString((byte[])parts.Single(p => p.Number == 1).Value);
                float? simple = parts.Where(p => p.Number == 2).Select(p => BitConverter.Int32BitsToSingle((int)(ulong)p.Value)).Cast<float?>().SingleOrDefault();
                string? plugin = null, text = null;
                if (parts.SingleOrDefault(p => p.Number == 9) is { Value: byte[] metadata })
                {
                    var pluginData = Decode((byte[])Decode(metadata).Single(p => p.Number == 1).Value);
                    plugin = Encoding.UTF8.GetString((byte[])pluginData.Single(p => p.Number == 1).Value);
                }

                if (parts.SingleOrDefault(p => p.Number == 8) is { Value: byte[] tensor })
                {
                    var tensorFields = Decode(tensor);
                    Assert.Equal(7UL, (ulong)tensorFields.Single(p => p.Number == 1).Value); // DT_STRING
                    text = Encoding.UTF8.GetString((byte[])tensorFields.Single(p => p.Number == 8).Value);
                }

                values.Add(new TfValue(tag, simple, plugin, text));
            }
        }

        return new TfEvent(wallTime, step, fileVersion, values);
    }

    /// <summary>Top-level fields of a protobuf message: varints and fixed values as ulong, length-delimited as bytes.</summary>
    private static List<(int Number, object Value)> Decode(byte[] message)
    {
        var fields = new List<(int, object)>();
        int i = 0;
        while (i < message.Length)
        {
            ulong key = ReadVarint(message, ref i);
            int number = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0:
                    fields.Add((number, ReadVarint(message, ref i)));
                    break;
                case 1:
                    fields.Add((number, BinaryPrimitives.ReadUInt64LittleEndian(message.AsSpan(i))));
                    i += 8;
                    break;
                case 2:
                    int length = (int)ReadVarint(message, ref i);
                    fields.Add((number, message.AsSpan(i, length).ToArray()));
                    i += length;
                    break;
                case 5:
                    fields.Add((number, (ulong)BinaryPrimitives.ReadUInt32LittleEndian(message.AsSpan(i))));
                    i += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected wire type in field {number}.");
            }
        }

        return fields;
    }

    private static ulong ReadVarint(byte[] data, ref int i)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}

internal sealed record TfEvent(double WallTime, long Step, string? FileVersion, IReadOnlyList<TfValue> Values);

internal sealed record TfValue(string Tag, float? SimpleValue, string? PluginName, string? Text);
