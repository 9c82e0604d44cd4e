using System.Buffers.Binary;
using System.Runtime.InteropServices;
using CarlaDrl.Carla.Protocol;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Sensors;

/// <summary>
/// A lidar tick on the stream port (spec §7): <c>u32 sensor_id</c>, <c>u64 frame</c> (the real server copies only
/// its low 16 bits), <c>f32</c> horizontal angle in degrees, <c>u32 C</c>, <c>u32[C]</c> points per channel, then
/// N = Σ counts points of three <c>f32</c> (x, y, z in metres). The payload is everything after the sensor id.
/// </summary>
public static class LidarBlob
{
    /// <summary>Fixed header bytes after the sensor id (frame, angle, channel count).</summary>
    public const int HeaderBytes = 16;

    /// <summary>The frame-number bits the real server writes (spec §12.4).</summary>
    public const ulong FrameNumberMask = 0xFFFF;

    /// <summary>Bytes of the whole message body: the id, the header, the counts and the points.</summary>
    public static int MessageLength(int channels, int points) => checked(4 + HeaderBytes + (4 * channels) + (12 * points));

    /// <summary>Bytes of the message body for <paramref name="scan"/>.</summary>
    public static int MessageLength(LidarMeasurement scan)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return MessageLength(scan.ChannelCount, scan.PointCount);
    }

    /// <summary>Writes <paramref name="scan"/> as a lidar message body; the frame number is cut to 16 bits as the real server does.</summary>
    public static void Encode(uint sensorId, LidarMeasurement scan, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(scan);
        int length = MessageLength(scan);
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the message needs {length}.", nameof(destination));
        }

        long sum = 0;
        foreach (uint count in scan.PointsPerChannel)
        {
            sum += count;
        }

        if (sum != scan.PointCount)
        {
            throw new ArgumentException($"The lidar's channel counts add up to {sum}, but it holds {scan.PointCount} points.", nameof(scan));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, sensorId);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], scan.FrameNumber & FrameNumberMask);
        BinaryPrimitives.WriteSingleLittleEndian(destination[12..], scan.HorizontalAngle);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)scan.ChannelCount);
        Span<byte> body = destination[20..];
        for (int c = 0; c < scan.ChannelCount; c++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body[(4 * c)..], scan.PointsPerChannel[c]);
        }

        ReadOnlySpan<float> points = scan.Points.AsSpan(0, 3 * scan.PointCount);
        Span<byte> pointBytes = body.Slice(4 * scan.ChannelCount, 12 * scan.PointCount);
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(points).CopyTo(pointBytes);
        }
        else
        {
            for (int i = 0; i < points.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(pointBytes[(4 * i)..], points[i]);
            }
        }
    }

    /// <summary>
    /// Decodes a payload into <paramref name="reuse"/> when it has the same channel count (growing its point buffer as
    /// needed), else into a new <see cref="LidarMeasurement"/>. <see cref="SensorData.FrameNumber"/> holds the 16 valid bits.
    /// </summary>
    /// <exception cref="CarlaProtocolException">the counts do not add up to the points carried (the official client asserts it).</exception>
    public static LidarMeasurement Decode(ReadOnlySpan<byte> payload, uint sensorId, string name, LidarMeasurement? reuse = null)
    {
        if (payload.Length < HeaderBytes)
        {
            throw new CarlaProtocolException($"A lidar blob has {payload.Length} bytes after the sensor id; the header alone needs {HeaderBytes}.");
        }

        ulong frame = BinaryPrimitives.ReadUInt64LittleEndian(payload) & FrameNumberMask;
        float angle = BinaryPrimitives.ReadSingleLittleEndian(payload[8..]);
        uint channels = BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]);
        if (channels == 0 || channels > (uint)(payload.Length - HeaderBytes) / 4)
        {
            throw new CarlaProtocolException($"A lidar blob of {payload.Length} bytes claims {channels} channels.");
        }

        ReadOnlySpan<byte> counts = payload.Slice(HeaderBytes, 4 * (int)channels);
        ReadOnlySpan<byte> pointBytes = payload[(HeaderBytes + (4 * (int)channels))..];
        long sum = 0;
        for (int c = 0; c < channels; c++)
        {
            sum += BinaryPrimitives.ReadUInt32LittleEndian(counts[(4 * c)..]);
        }

        if (pointBytes.Length % 12 != 0 || pointBytes.Length / 12 != sum)
        {
            throw new CarlaProtocolException($"A lidar blob's channel counts add up to {sum} points, but it carries {pointBytes.Length} point bytes (12 per point).");
        }

        int n = (int)sum;
        LidarMeasurement scan = reuse is not null && reuse.SensorId == sensorId && reuse.ChannelCount == channels && reuse.Name == name
            ? reuse
            : new LidarMeasurement(sensorId, name, (int)channels, n);
        scan.EnsureCapacity(n);
        for (int c = 0; c < channels; c++)
        {
            scan.PointsPerChannel[c] = BinaryPrimitives.ReadUInt32LittleEndian(counts[(4 * c)..]);
        }

        Span<float> points = scan.Points.AsSpan(0, 3 * n);
        if (BitConverter.IsLittleEndian)
        {
            pointBytes.CopyTo(MemoryMarshal.AsBytes(points));
        }
        else
        {
            for (int i = 0; i < points.Length; i++)
            {
                points[i] = BinaryPrimitives.ReadSingleLittleEndian(pointBytes[(4 * i)..]);
            }
        }

        scan.PointCount = n;
        scan.HorizontalAngle = angle;
        scan.FrameNumber = frame;
        return scan;
    }
}
