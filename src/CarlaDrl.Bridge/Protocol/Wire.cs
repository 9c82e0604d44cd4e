using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using CarlaDrl.Driving.Geometry;
using MessagePack;

namespace CarlaDrl.Bridge.Protocol;

/// <summary>
/// Low-level msgpack helpers shared by the bridge's messages: keys read as str or bin (msgpack-numpy writes bin keys),
/// numbers read from any numeric encoding (Python sends float64 and ints), ndarrays in msgpack-numpy's layout
/// (a map with the binary keys <c>nd</c>, <c>type</c>, <c>kind</c>, <c>shape</c>, <c>data</c>; ENVIRONMENT.md), and
/// poses as flat float32 arrays.
/// </summary>
internal static class Wire
{
    /// <summary>Elements of a transform on the wire: location x, y, z (m), rotation pitch, yaw, roll (°), orientation x, y, z.</summary>
    public const int TransformLength = 9;

    /// <summary>Elements of a bounding box: its transform (9) and extent x, y, z (half sizes, m).</summary>
    public const int BoundingBoxLength = 12;

    /// <summary>Reads a map key written as str or bin.</summary>
    public static ReadOnlySpan<byte> ReadKey(ref MessagePackReader reader)
    {
        ReadOnlySequence<byte>? bytes = reader.NextMessagePackType switch
        {
            MessagePackType.String => reader.ReadStringSequence(),
            MessagePackType.Binary => reader.ReadBytes(),
            _ => throw new BridgeProtocolException($"a key or name is a {reader.NextMessagePackType}; expected a string."),
        };
        return bytes is ReadOnlySequence<byte> b ? Span(b) : [];
    }

    /// <summary>
    /// Reads a map header and skips fields until the key <paramref name="name"/>: true leaves the reader on its value;
    /// false when the map has no such key (the reader is then past the map).
    /// </summary>
    public static bool Seek(ref MessagePackReader reader, ReadOnlySpan<byte> name, string what)
    {
        int n = ReadMapHeader(ref reader, what);
        for (int i = 0; i < n; i++)
        {
            if (Is(ReadKey(ref reader), name))
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>A str or bin value as text (UTF-8).</summary>
    public static string ReadText(ref MessagePackReader reader, string field)
    {
        ReadOnlySequence<byte>? bytes = reader.NextMessagePackType switch
        {
            MessagePackType.String => reader.ReadStringSequence(),
            MessagePackType.Binary => reader.ReadBytes(),
            _ => throw new BridgeProtocolException($"'{field}' is a {reader.NextMessagePackType}; expected a string."),
        };
        return bytes is ReadOnlySequence<byte> b ? Encoding.UTF8.GetString(Span(b)) : "";
    }

    public static ReadOnlySpan<byte> Span(ReadOnlySequence<byte> sequence) =>
        sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray();

    public static bool Is(ReadOnlySpan<byte> key, ReadOnlySpan<byte> name) => key.SequenceEqual(name);

    public static string KeyText(ReadOnlySpan<byte> key) => Encoding.UTF8.GetString(key);

    public static int ReadMapHeader(ref MessagePackReader reader, string what) =>
        reader.NextMessagePackType == MessagePackType.Map ? reader.ReadMapHeader() : throw new BridgeProtocolException($"{what} is a {reader.NextMessagePackType}; expected a map.");

    public static int ReadArrayHeader(ref MessagePackReader reader, string what) =>
        reader.NextMessagePackType == MessagePackType.Array ? reader.ReadArrayHeader() : throw new BridgeProtocolException($"{what} is a {reader.NextMessagePackType}; expected an array.");

    public static float ReadFloat(ref MessagePackReader reader, string field) =>
        reader.NextMessagePackType is MessagePackType.Float or MessagePackType.Integer ? reader.ReadSingle() : throw new BridgeProtocolException($"'{field}' is a {reader.NextMessagePackType}; expected a number.");

    public static long ReadInt(ref MessagePackReader reader, string field) =>
        reader.NextMessagePackType == MessagePackType.Integer ? reader.ReadInt64() : throw new BridgeProtocolException($"'{field}' is a {reader.NextMessagePackType}; expected an integer.");

    public static ulong ReadUInt(ref MessagePackReader reader, string field) =>
        reader.NextMessagePackType == MessagePackType.Integer ? reader.ReadUInt64() : throw new BridgeProtocolException($"'{field}' is a {reader.NextMessagePackType}; expected an unsigned integer.");

    public static bool ReadBool(ref MessagePackReader reader, string field) =>
        reader.NextMessagePackType == MessagePackType.Boolean ? reader.ReadBoolean() : throw new BridgeProtocolException($"'{field}' is a {reader.NextMessagePackType}; expected true or false.");

    /// <summary>Reads nil as null.</summary>
    public static bool TryReadNil(ref MessagePackReader reader) => reader.TryReadNil();

    public static void WriteFloats(ref MessagePackWriter writer, scoped ReadOnlySpan<float> values)
    {
        writer.WriteArrayHeader(values.Length);
        foreach (float v in values)
        {
            writer.Write(v);
        }
    }

    public static void ReadFloats(ref MessagePackReader reader, scoped Span<float> values, string field)
    {
        int n = ReadArrayHeader(ref reader, field);
        if (n != values.Length)
        {
            throw new BridgeProtocolException($"'{field}' has {n} elements; expected {values.Length}.");
        }

        for (int i = 0; i < n; i++)
        {
            values[i] = ReadFloat(ref reader, field);
        }
    }

    public static void WriteVector(ref MessagePackWriter writer, Vector3D v)
    {
        writer.WriteArrayHeader(3);
        writer.Write(v.X);
        writer.Write(v.Y);
        writer.Write(v.Z);
    }

    public static Vector3D ReadVector(ref MessagePackReader reader, string field)
    {
        Span<float> v = stackalloc float[3];
        ReadFloats(ref reader, v, field);
        return new Vector3D(v[0], v[1], v[2]);
    }

    public static void WriteTransform(ref MessagePackWriter writer, Transform t)
    {
        writer.WriteArrayHeader(TransformLength);
        WriteTransformBody(ref writer, t);
    }

    public static Transform ReadTransform(ref MessagePackReader reader, string field)
    {
        Span<float> v = stackalloc float[TransformLength];
        ReadFloats(ref reader, v, field);
        return TransformOf(v);
    }

    public static void WriteBoundingBox(ref MessagePackWriter writer, BoundingBox box)
    {
        writer.WriteArrayHeader(BoundingBoxLength);
        WriteTransformBody(ref writer, box.Transform);
        writer.Write(box.Extent.X);
        writer.Write(box.Extent.Y);
        writer.Write(box.Extent.Z);
    }

    public static BoundingBox ReadBoundingBox(ref MessagePackReader reader, string field)
    {
        Span<float> v = stackalloc float[BoundingBoxLength];
        ReadFloats(ref reader, v, field);
        return new BoundingBox(TransformOf(v), new Vector3D(v[9], v[10], v[11]));
    }

    private static void WriteTransformBody(ref MessagePackWriter writer, Transform t)
    {
        writer.Write(t.Location.X);
        writer.Write(t.Location.Y);
        writer.Write(t.Location.Z);
        writer.Write(t.Rotation.PitchDegrees);
        writer.Write(t.Rotation.YawDegrees);
        writer.Write(t.Rotation.RollDegrees);
        writer.Write(t.Orientation.X);
        writer.Write(t.Orientation.Y);
        writer.Write(t.Orientation.Z);
    }

    private static Transform TransformOf(ReadOnlySpan<float> v) =>
        new(new Vector3D(v[0], v[1], v[2]), new Vector3D(v[6], v[7], v[8]), new Rotation3D(v[3], v[4], v[5]));

    /// <summary>Writes an ndarray as msgpack-numpy does: a map of binary keys; <paramref name="dtype"/> is numpy's <c>dtype.str</c>.</summary>
    public static void WriteNdArray(ref MessagePackWriter writer, ReadOnlySpan<byte> data, ReadOnlySpan<byte> dtype, scoped ReadOnlySpan<int> shape)
    {
        writer.WriteMapHeader(5);
        writer.Write("nd"u8);
        writer.Write(true);
        writer.Write("type"u8);
        writer.WriteString(dtype);
        writer.Write("kind"u8);
        writer.Write(ReadOnlySpan<byte>.Empty);
        writer.Write("shape"u8);
        writer.WriteArrayHeader(shape.Length);
        foreach (int s in shape)
        {
            writer.Write(s);
        }

        writer.Write("data"u8);
        writer.Write(data);
    }

    public static void WriteNdArray<T>(ref MessagePackWriter writer, ReadOnlySpan<T> data, ReadOnlySpan<byte> dtype, scoped ReadOnlySpan<int> shape)
        where T : unmanaged =>
        WriteNdArray(ref writer, MemoryMarshal.AsBytes(data), dtype, shape);

    /// <summary>
    /// Reads an msgpack-numpy ndarray map (keys str or bin) and returns its raw data; <paramref name="shape"/> receives
    /// the dimensions (up to its length) and the returned rank says how many there were.
    /// </summary>
    public static ReadOnlySpan<byte> ReadNdArray(ref MessagePackReader reader, string field, scoped Span<int> shape, out int rank, out string dtype)
    {
        int n = ReadMapHeader(ref reader, field);
        ReadOnlySpan<byte> data = [];
        rank = -1;
        dtype = "";
        bool nd = false;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = ReadKey(ref reader);
            if (Is(key, "nd"u8))
            {
                nd = ReadBool(ref reader, field + ".nd");
            }
            else if (Is(key, "type"u8))
            {
                dtype = ReadText(ref reader, field + ".type");
            }
            else if (Is(key, "shape"u8))
            {
                rank = ReadArrayHeader(ref reader, field + ".shape");
                for (int d = 0; d < rank; d++)
                {
                    long size = ReadInt(ref reader, field + ".shape");
                    if (d < shape.Length)
                    {
                        shape[d] = checked((int)size);
                    }
                }
            }
            else if (Is(key, "data"u8))
            {
                ReadOnlySequence<byte>? bytes = reader.NextMessagePackType == MessagePackType.Binary
                    ? reader.ReadBytes()
                    : throw new BridgeProtocolException($"'{field}.data' is a {reader.NextMessagePackType}; expected bin.");
                data = bytes is ReadOnlySequence<byte> b ? Span(b) : [];
            }
            else
            {
                reader.Skip(); // "kind" and anything newer
            }
        }

        if (!nd || rank < 0 || rank > shape.Length)
        {
            throw new BridgeProtocolException($"'{field}' is not a msgpack-numpy ndarray of rank ≤ {shape.Length} (keys nd, type, kind, shape, data).");
        }

        return data;
    }
}
