using System.Buffers;
using System.Text;
using CarlaDrl.Driving.Geometry;
using MessagePack;

namespace CarlaDrl.Bridge.Seed;

/// <summary>
/// Reads one seed observation message (seed-system.md §3.2) into reused fields without building an object graph.
/// Map keys may be msgpack str or bin (msgpack-numpy writes bin keys, ENVIRONMENT.md); numbers may be any msgpack
/// numeric type. Images come as the seed's nested list [H][W][3], as a flat list of H·W·3 values (the seed env
/// reshapes those) or as a msgpack-numpy ndarray map of type <c>|u1</c>. On any deviation it throws
/// <see cref="SeedFormatException"/> and the caller keeps its previous frame.
/// </summary>
internal sealed class SeedObservationDecoder
{
    /// <summary>The optional measurement keys: they exist only from the seed's commit 7dc879e on (§3.2).</summary>
    public static readonly string[] OptionalKeys =
        ["collision_vehicles", "collision_pedestrians", "collision_other", "intersection_otherlane", "intersection_offroad"];

    public double Timestamp { get; private set; }

    public Vector3D Position { get; private set; }

    /// <summary>Pitch, yaw, roll in degrees, as the seed sends <c>rotation</c>.</summary>
    public Rotation3D Rotation { get; private set; }

    public float Velocity { get; private set; }

    public Vector3D Acceleration { get; private set; }

    /// <summary>collision_vehicles, collision_pedestrians, collision_other, intersection_otherlane, intersection_offroad.</summary>
    public float[] Optional { get; } = new float[5];

    /// <summary>Bit i set: <see cref="OptionalKeys"/>[i] was missing from the last message (its value reads 0).</summary>
    public int MissingOptional { get; private set; }

    public SeedImage Rgb { get; } = new();

    public SeedImage Depth { get; } = new();

    /// <summary>Decodes <paramref name="message"/>; throws <see cref="SeedFormatException"/> when it is not a seed observation.</summary>
    public void Decode(ReadOnlyMemory<byte> message)
    {
        try
        {
            var reader = new MessagePackReader(message);
            DecodeTop(ref reader);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or OverflowException or InvalidOperationException)
        {
            throw new SeedFormatException("invalid msgpack", $"the message is not valid msgpack of the seed schema ({e.Message}).");
        }
    }

    private void DecodeTop(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new SeedFormatException("not a map", $"the message is a msgpack {reader.NextMessagePackType}, not a map; the seed sends one map per message (§3.1).");
        }

        bool timestamp = false, measurements = false, sensors = false;
        Rgb.Present = false;
        Depth.Present = false;
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> key = ReadKey(ref reader);
            if (key.SequenceEqual("timestamp"u8))
            {
                Timestamp = ReadNumber(ref reader, "timestamp");
                timestamp = true;
            }
            else if (key.SequenceEqual("measurements"u8))
            {
                DecodeMeasurements(ref reader);
                measurements = true;
            }
            else if (key.SequenceEqual("sensors"u8))
            {
                DecodeSensors(ref reader);
                sensors = true;
            }
            else
            {
                reader.Skip(); // "type" ("sensor_data") is never read, as in the seed
            }
        }

        if (!measurements || !sensors || !timestamp)
        {
            string missing = string.Join(", ", new[] { (timestamp, "timestamp"), (measurements, "measurements"), (sensors, "sensors") }.Where(k => !k.Item1).Select(k => k.Item2));
            throw new SeedFormatException($"missing {missing}", $"the message map lacks {missing} (a seed observation has type, timestamp, measurements and sensors, §3.2).");
        }

        if (!Rgb.Present)
        {
            throw new SeedFormatException("no CameraRGB", "sensors has no \"CameraRGB\" image (§3.2).");
        }
    }

    private void DecodeMeasurements(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new SeedFormatException("measurements not a map", $"measurements is a msgpack {reader.NextMessagePackType}, not a map.");
        }

        const int HasPosition = 1, HasRotation = 2, HasVelocity = 4, HasAcceleration = 8;
        int seen = 0, optional = 0;
        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> key = ReadKey(ref reader);
            if (key.SequenceEqual("position"u8))
            {
                Position = ReadVector(ref reader, "position");
                seen |= HasPosition;
            }
            else if (key.SequenceEqual("rotation"u8))
            {
                Vector3D r = ReadVector(ref reader, "rotation");
                Rotation = new Rotation3D(r.X, r.Y, r.Z); // pitch, yaw, roll (§3.2)
                seen |= HasRotation;
            }
            else if (key.SequenceEqual("velocity"u8))
            {
                Velocity = (float)ReadNumber(ref reader, "measurements.velocity");
                seen |= HasVelocity;
            }
            else if (key.SequenceEqual("acceleration"u8))
            {
                Acceleration = ReadVector(ref reader, "acceleration");
                seen |= HasAcceleration;
            }
            else if (OptionalIndex(key) is int k and >= 0)
            {
                Optional[k] = (float)ReadNumber(ref reader, OptionalKeys[k]);
                optional |= 1 << k;
            }
            else
            {
                reader.Skip();
            }
        }

        if (seen != (HasPosition | HasRotation | HasVelocity | HasAcceleration))
        {
            string missing = string.Join(", ", new[] { (HasPosition, "position"), (HasRotation, "rotation"), (HasVelocity, "velocity"), (HasAcceleration, "acceleration") }.Where(k => (seen & k.Item1) == 0).Select(k => k.Item2));
            throw new SeedFormatException($"measurements missing {missing}", $"measurements lacks {missing} (§3.2).");
        }

        MissingOptional = ~optional & ((1 << OptionalKeys.Length) - 1);
        for (int k = 0; k < OptionalKeys.Length; k++)
        {
            if ((MissingOptional & (1 << k)) != 0)
            {
                Optional[k] = 0;
            }
        }
    }

    private void DecodeSensors(ref MessagePackReader reader)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new SeedFormatException("sensors not a map", $"sensors is a msgpack {reader.NextMessagePackType}, not a map.");
        }

        int count = reader.ReadMapHeader();
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> key = ReadKey(ref reader);
            if (key.SequenceEqual("CameraRGB"u8))
            {
                SeedImageReader.Read(ref reader, Rgb, "CameraRGB");
            }
            else if (key.SequenceEqual("CameraDepth"u8))
            {
                SeedImageReader.Read(ref reader, Depth, "CameraDepth");
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static int OptionalIndex(ReadOnlySpan<byte> key)
    {
        for (int k = 0; k < OptionalKeys.Length; k++)
        {
            if (key.Length == OptionalKeys[k].Length && Ascii.Equals(key, OptionalKeys[k]))
            {
                return k;
            }
        }

        return -1;
    }

    /// <summary>A map key as UTF-8 bytes, whether sent as str or bin; other key types read as empty (and never match).</summary>
    internal static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        ReadOnlySequence<byte>? bytes = reader.NextMessagePackType switch
        {
            MessagePackType.String => reader.ReadStringSequence(),
            MessagePackType.Binary => reader.ReadBytes(),
            _ => null,
        };
        if (bytes is null)
        {
            reader.Skip();
            return [];
        }

        return bytes.Value.IsSingleSegment ? bytes.Value.FirstSpan : bytes.Value.ToArray();
    }

    internal static double ReadNumber(ref MessagePackReader reader, string name)
    {
        MessagePackType type = reader.NextMessagePackType;
        return type is MessagePackType.Float or MessagePackType.Integer
            ? reader.ReadDouble()
            : throw new SeedFormatException($"{name} not a number", $"{name} is a msgpack {type}, not a number.");
    }

    private static Vector3D ReadVector(ref MessagePackReader reader, string name)
    {
        if (reader.NextMessagePackType != MessagePackType.Array)
        {
            throw new SeedFormatException($"{name} not a list", $"measurements.{name} is a msgpack {reader.NextMessagePackType}, not a list of 3 numbers.");
        }

        int n = reader.ReadArrayHeader();
        if (n != 3)
        {
            throw new SeedFormatException($"{name} length", $"measurements.{name} has {n} values; the seed sends 3.");
        }

        return new Vector3D((float)ReadNumber(ref reader, name), (float)ReadNumber(ref reader, name), (float)ReadNumber(ref reader, name));
    }
}
