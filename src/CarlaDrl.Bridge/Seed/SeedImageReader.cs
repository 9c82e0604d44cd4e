using System.Buffers;
using System.Text;
using MessagePack;

namespace CarlaDrl.Bridge.Seed;

/// <summary>
/// Reads a seed camera image (seed-system.md §3.2 "Image encoding", §5 "Camera selection") in any of the forms a
/// Python client produces: <c>ndarray.tolist()</c> as [H][W][3] ints (what carla_zmq_client.py sends), a flat list
/// of H·W·3 ints with H = W (the seed env reshapes 12288 values to 64×64×3), or a msgpack-numpy map
/// (<c>nd</c>, <c>type</c> = "|u1", <c>kind</c>, <c>shape</c> = [H, W, 3], <c>data</c>) as sent by a client that
/// packs the array itself. The size comes from the data: nothing assumes 64×64.
/// </summary>
internal static class SeedImageReader
{
    private const int MaxSide = 8192;

    public static void Read(ref MessagePackReader reader, SeedImage image, string name)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
                ReadList(ref reader, image, name);
                break;
            case MessagePackType.Map:
                ReadNdarray(ref reader, image, name);
                break;
            default:
                throw new SeedFormatException($"{name} type", $"sensors.{name} is a msgpack {reader.NextMessagePackType}; expected a [H][W][3] list, a flat list or a msgpack-numpy array.");
        }
    }

    private static void ReadList(ref MessagePackReader reader, SeedImage image, string name)
    {
        int outer = reader.ReadArrayHeader();
        if (outer == 0)
        {
            throw new SeedFormatException($"{name} empty", $"sensors.{name} is an empty list.");
        }

        if (reader.NextMessagePackType == MessagePackType.Integer)
        {
            // Flat H·W·3: the seed env reshapes only square images (64·64·3), so a side is the square root.
            int side = (int)Math.Round(Math.Sqrt(outer / 3.0));
            if (outer % 3 != 0 || side * side * 3 != outer || side > MaxSide)
            {
                throw new SeedFormatException($"{name} size", $"sensors.{name} is a flat list of {outer} values; expected H·W·3 with H = W (64·64·3 = 12288 in the seed).");
            }

            Span<byte> flat = image.Begin(side, side);
            for (int i = 0; i < outer; i++)
            {
                flat[i] = ReadByte(ref reader, name);
            }

            return;
        }

        // Nested [H][W][3]; the first row fixes W.
        int height = outer;
        Span<byte> rgb = [];
        int width = 0;
        for (int y = 0; y < height; y++)
        {
            if (reader.NextMessagePackType != MessagePackType.Array)
            {
                throw new SeedFormatException($"{name} row", $"sensors.{name} row {y} is a msgpack {reader.NextMessagePackType}, not a list of pixels.");
            }

            int w = reader.ReadArrayHeader();
            if (y == 0)
            {
                if (w is 0 or > MaxSide || height > MaxSide)
                {
                    throw new SeedFormatException($"{name} size", $"sensors.{name} is {height}×{w}; allowed 1..{MaxSide} pixels a side.");
                }

                width = w;
                rgb = image.Begin(width, height);
            }
            else if (w != width)
            {
                throw new SeedFormatException($"{name} ragged", $"sensors.{name} row {y} has {w} pixels, row 0 has {width}.");
            }

            for (int x = 0, d = 3 * y * width; x < width; x++, d += 3)
            {
                if (reader.NextMessagePackType != MessagePackType.Array || reader.ReadArrayHeader() != 3)
                {
                    throw new SeedFormatException($"{name} pixel", $"sensors.{name} pixel ({x}, {y}) is not a list of 3 channel values.");
                }

                rgb[d] = ReadByte(ref reader, name);
                rgb[d + 1] = ReadByte(ref reader, name);
                rgb[d + 2] = ReadByte(ref reader, name);
            }
        }
    }

    private static void ReadNdarray(ref MessagePackReader reader, SeedImage image, string name)
    {
        bool nd = false;
        string? type = null;
        int[] shape = [];
        ReadOnlySequence<byte>? data = null;
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> key = SeedObservationDecoder.ReadKey(ref reader);
            if (key.SequenceEqual("nd"u8))
            {
                nd = reader.NextMessagePackType == MessagePackType.Boolean && reader.ReadBoolean();
            }
            else if (key.SequenceEqual("type"u8))
            {
                type = reader.NextMessagePackType switch
                {
                    MessagePackType.String => reader.ReadString(),
                    MessagePackType.Binary => Encoding.UTF8.GetString(reader.ReadBytes()!.Value),
                    _ => null,
                };
            }
            else if (key.SequenceEqual("shape"u8) && reader.NextMessagePackType == MessagePackType.Array)
            {
                shape = new int[reader.ReadArrayHeader()];
                for (int d = 0; d < shape.Length; d++)
                {
                    shape[d] = reader.ReadInt32();
                }
            }
            else if (key.SequenceEqual("data"u8) && reader.NextMessagePackType == MessagePackType.Binary)
            {
                data = reader.ReadBytes();
            }
            else
            {
                reader.Skip();
            }
        }

        if (!nd || type != "|u1" || data is null)
        {
            throw new SeedFormatException($"{name} ndarray", $"sensors.{name} is a map but not a msgpack-numpy uint8 array (nd = {nd}, type = {type ?? "missing"}, data {(data is null ? "missing" : "present")}); expected type \"|u1\".");
        }

        if (shape.Length != 3 || shape[2] != 3 || shape[0] is < 1 or > MaxSide || shape[1] is < 1 or > MaxSide)
        {
            throw new SeedFormatException($"{name} shape", $"sensors.{name} has shape [{string.Join(", ", shape)}]; expected [H, W, 3].");
        }

        if (data.Value.Length != 3L * shape[0] * shape[1])
        {
            throw new SeedFormatException($"{name} size", $"sensors.{name} carries {data.Value.Length} bytes for shape [{shape[0]}, {shape[1]}, 3].");
        }

        data.Value.CopyTo(image.Begin(shape[1], shape[0]));
    }

    private static byte ReadByte(ref MessagePackReader reader, string name)
    {
        if (reader.NextMessagePackType != MessagePackType.Integer)
        {
            throw new SeedFormatException($"{name} value", $"sensors.{name} holds a msgpack {reader.NextMessagePackType} where a 0–255 integer belongs.");
        }

        long value = reader.ReadInt64();
        return value is >= 0 and <= 255 ? (byte)value
            : throw new SeedFormatException($"{name} value", $"sensors.{name} holds {value}, outside 0–255.");
    }
}
