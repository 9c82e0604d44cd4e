using System.Buffers;
using System.Runtime.InteropServices;
using CarlaDrl.Driving.World;
using MessagePack;

namespace CarlaDrl.Bridge.Seed;

/// <summary>
/// Writes seed messages byte for byte as the Python programs do (seed-system.md §3): <c>msgpack.packb</c> of a map
/// with fixstr keys and float64 (<c>0xcb</c>) numbers; images as [H][W][3] int lists, RGB, HWC. One buffer is
/// reused, so a message costs no allocation beyond what the socket copies.
/// </summary>
internal sealed class SeedMessageWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    /// <summary>The bytes of the last written message (valid until the next write).</summary>
    public ArraySegment<byte> Written => MemoryMarshal.TryGetArray(_buffer.WrittenMemory, out ArraySegment<byte> segment) ? segment : _buffer.WrittenSpan.ToArray();

    /// <summary>An action map with exactly the seed's keys (§3.3): steering, throttle, brake.</summary>
    public ArraySegment<byte> Action(in VehicleControl control)
    {
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        writer.WriteMapHeader(3);
        writer.WriteString("steering"u8);
        writer.Write((double)control.Steer);
        writer.WriteString("throttle"u8);
        writer.Write((double)control.Throttle);
        writer.WriteString("brake"u8);
        writer.Write((double)control.Brake);
        writer.Flush();
        return Written;
    }

    /// <summary>
    /// An observation map (§3.2) from a world frame: every camera image of the frame under its sensor name, converted
    /// to RGB as the seed's <c>to_rgb_array</c> does (no resize: the world renders the size it was asked for).
    /// </summary>
    public ArraySegment<byte> Observation(WorldFrame frame, double timestampSeconds)
    {
        ArgumentNullException.ThrowIfNull(frame);
        PlayerMeasurements p = frame.Measurements.PlayerMeasurements;
        _buffer.ResetWrittenCount();
        var writer = new MessagePackWriter(_buffer);
        writer.WriteMapHeader(4);
        writer.WriteString("type"u8);
        writer.WriteString("sensor_data"u8);
        writer.WriteString("timestamp"u8);
        writer.Write(timestampSeconds);
        writer.WriteString("measurements"u8);
        writer.WriteMapHeader(9);
        writer.WriteString("position"u8);
        Write3(ref writer, p.Transform.Location.X, p.Transform.Location.Y, p.Transform.Location.Z);
        writer.WriteString("rotation"u8);
        Write3(ref writer, p.Transform.Rotation.PitchDegrees, p.Transform.Rotation.YawDegrees, p.Transform.Rotation.RollDegrees);
        writer.WriteString("velocity"u8);
        writer.Write((double)p.ForwardSpeed);
        writer.WriteString("acceleration"u8);
        Write3(ref writer, p.Acceleration.X, p.Acceleration.Y, p.Acceleration.Z);
        writer.WriteString("collision_vehicles"u8);
        writer.Write((double)p.CollisionVehicles);
        writer.WriteString("collision_pedestrians"u8);
        writer.Write((double)p.CollisionPedestrians);
        writer.WriteString("collision_other"u8);
        writer.Write((double)p.CollisionOther);
        writer.WriteString("intersection_otherlane"u8);
        writer.Write((double)p.IntersectionOtherLane);
        writer.WriteString("intersection_offroad"u8);
        writer.Write((double)p.IntersectionOffRoad);

        int cameras = 0;
        foreach (SensorData data in frame.SensorData)
        {
            cameras += data is CameraImage ? 1 : 0;
        }

        writer.WriteString("sensors"u8);
        writer.WriteMapHeader(cameras);
        foreach (SensorData data in frame.SensorData)
        {
            if (data is CameraImage image)
            {
                writer.Write(image.Name);
                WriteImage(ref writer, image);
            }
        }

        writer.Flush();
        return Written;
    }

    private static void Write3(ref MessagePackWriter writer, double a, double b, double c)
    {
        writer.WriteArrayHeader(3);
        writer.Write(a);
        writer.Write(b);
        writer.Write(c);
    }

    private static void WriteImage(ref MessagePackWriter writer, CameraImage image)
    {
        ReadOnlySpan<byte> rgb = image.Rgb;
        writer.WriteArrayHeader(image.Height);
        for (int y = 0, i = 0; y < image.Height; y++)
        {
            writer.WriteArrayHeader(image.Width);
            for (int x = 0; x < image.Width; x++, i += 3)
            {
                writer.WriteArrayHeader(3);
                writer.Write(rgb[i]); // 0–127 as positive fixint, 128–255 as uint8, as msgpack-python writes ints
                writer.Write(rgb[i + 1]);
                writer.Write(rgb[i + 2]);
            }
        }
    }
}
