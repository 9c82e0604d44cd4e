using System.Buffers.Binary;
using CarlaDrl.Carla.Protocol;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Sensors;

/// <summary>
/// A camera frame on the stream port (spec §7): <c>u32 sensor_id</c>, a 24-byte header, then 4·W·H BGRA bytes.
/// The "payload" below is everything after the sensor id, as the official client slices it (<c>data[4:]</c>).
/// </summary>
public static class CameraBlob
{
    /// <summary>Header bytes after the sensor id.</summary>
    public const int HeaderBytes = 24;

    /// <summary>Bytes of the whole message body: the id, the header and the pixels.</summary>
    public static int MessageLength(int width, int height) => checked(4 + HeaderBytes + (4 * width * height));

    /// <summary>Writes a camera message body (id, header, pixels) into <paramref name="destination"/>.</summary>
    public static void Encode(uint sensorId, in CameraBlobHeader header, ReadOnlySpan<byte> bgra, Span<byte> destination)
    {
        int pixels = 4 * header.Width * header.Height;
        if (bgra.Length != pixels)
        {
            throw new ArgumentException($"A {header.Width}×{header.Height} camera frame needs {pixels} BGRA bytes, got {bgra.Length}.", nameof(bgra));
        }

        if (destination.Length < 4 + HeaderBytes + pixels)
        {
            throw new ArgumentException($"The destination holds {destination.Length} bytes; the message needs {4 + HeaderBytes + pixels}.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(destination, sensorId);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[4..], header.FrameNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)header.Width);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], (uint)header.Height);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[20..], header.ImageType);
        BinaryPrimitives.WriteSingleLittleEndian(destination[24..], header.FovDegrees);
        bgra.CopyTo(destination[28..]);
    }

    /// <summary>Writes <paramref name="image"/> as a camera message body under <paramref name="sensorId"/>.</summary>
    public static void Encode(uint sensorId, CameraImage image, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        Encode(sensorId, new CameraBlobHeader(image.FrameNumber, image.Width, image.Height, (uint)image.ImageType, image.FovDegrees), image.Bgra, destination);
    }

    /// <summary>Reads and checks the header of a payload (the bytes after the sensor id).</summary>
    /// <exception cref="CarlaProtocolException">a short payload, or a pixel count other than 4·W·H (the official client asserts it).</exception>
    public static CameraBlobHeader ReadHeader(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < HeaderBytes)
        {
            throw new CarlaProtocolException($"A camera blob has {payload.Length} bytes after the sensor id; the header alone needs {HeaderBytes}.");
        }

        var header = new CameraBlobHeader(
            BinaryPrimitives.ReadUInt64LittleEndian(payload),
            (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(payload[8..]), int.MaxValue),
            (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(payload[12..]), int.MaxValue),
            BinaryPrimitives.ReadUInt32LittleEndian(payload[16..]),
            BinaryPrimitives.ReadSingleLittleEndian(payload[20..]));
        long expected = 4L * header.Width * header.Height;
        if (header.Width == 0 || header.Height == 0 || payload.Length - HeaderBytes != expected)
        {
            throw new CarlaProtocolException($"A {header.Width}×{header.Height} camera blob carries {payload.Length - HeaderBytes} pixel bytes; it must carry 4·W·H = {expected}.");
        }

        return header;
    }

    /// <summary>The image type code as <see cref="PostProcessing"/>; codes ≥ 4 (Unknown) decode as RGB like None (spec §8).</summary>
    public static PostProcessing ImageTypeOf(uint code) => code <= 3 ? (PostProcessing)code : PostProcessing.None;

    /// <summary>
    /// Decodes a payload into <paramref name="reuse"/> when it has the same size, type and FOV (no allocation), else
    /// into a new <see cref="CameraImage"/>. Its <see cref="CameraImage.Rgb"/>, depth and label accessors then work.
    /// With <paramref name="convertRgb"/> the RGB view is filled now with SIMD shuffles (for images that become
    /// observations); otherwise it is converted on first use.
    /// </summary>
    public static CameraImage Decode(ReadOnlySpan<byte> payload, uint sensorId, string name, CameraImage? reuse = null, bool convertRgb = false)
    {
        CameraBlobHeader header = ReadHeader(payload);
        PostProcessing type = ImageTypeOf(header.ImageType);
        CameraImage image = reuse is not null && reuse.SensorId == sensorId && reuse.Width == header.Width && reuse.Height == header.Height
            && reuse.ImageType == type && reuse.FovDegrees.Equals(header.FovDegrees) && reuse.Name == name
            ? reuse
            : new CameraImage(sensorId, name, header.Width, header.Height, type, header.FovDegrees);
        Span<byte> rgb = image.BeginWrite(header.FrameNumber, rgbWritten: convertRgb);
        ReadOnlySpan<byte> pixels = payload[HeaderBytes..];
        pixels.CopyTo(image.Bgra);
        if (convertRgb)
        {
            PixelConverter.BgraToRgb(pixels, rgb);
        }

        return image;
    }
}
