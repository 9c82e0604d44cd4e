using System.Buffers;
using MessagePack;

namespace CarlaDrl.Bridge.Tests;

/// <summary>How a test message carries its image (the forms a Python client can produce, seed-system.md §3.2/§5).</summary>
internal enum ImageForm
{
    Nested,
    Flat,
    Ndarray,
}

/// <summary>Builds a seed observation message by hand, byte for byte as msgpack-python would (float64, fixstr keys).</summary>
internal sealed record SeedMessage
{
    public double Timestamp { get; init; } = 1_700_000_000.25;

    public double[] Position { get; init; } = [92.1, 37.5, 0.22];

    public double[] Rotation { get; init; } = [1.5, -90.25, 0.5];

    public double Velocity { get; init; } = 7.75;

    public double[] Acceleration { get; init; } = [0.5, -0.25, 0.0];

    public double CollisionVehicles { get; init; } = 12.5;

    public double CollisionPedestrians { get; init; } = 3.0;

    public double CollisionOther { get; init; } = 250.0;

    public double OtherLane { get; init; } = 0.25;

    public double OffRoad { get; init; } = 0.125;

    public bool WithCollisionKeys { get; init; } = true;

    public int Width { get; init; } = 64;

    public int Height { get; init; } = 64;

    /// <summary>H×W×3 RGB; null: a deterministic pattern.</summary>
    public byte[]? Rgb { get; init; }

    public ImageForm Form { get; init; } = ImageForm.Nested;

    public byte[] Pixels => Rgb ?? Pattern(Width, Height, 0);

    public static byte[] Pattern(int width, int height, int seed)
    {
        var rgb = new byte[3 * width * height];
        var random = new Random(seed);
        random.NextBytes(rgb);
        return rgb;
    }

    public byte[] Build()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(4);
        w.Write("type");
        w.Write("sensor_data");
        w.Write("timestamp");
        w.Write(Timestamp);
        w.Write("measurements");
        w.WriteMapHeader(WithCollisionKeys ? 9 : 4);
        Vector(ref w, "position", Position);
        Vector(ref w, "rotation", Rotation);
        w.Write("velocity");
        w.Write(Velocity);
        Vector(ref w, "acceleration", Acceleration);
        if (WithCollisionKeys)
        {
            w.Write("collision_vehicles");
            w.Write(CollisionVehicles);
            w.Write("collision_pedestrians");
            w.Write(CollisionPedestrians);
            w.Write("collision_other");
            w.Write(CollisionOther);
            w.Write("intersection_otherlane");
            w.Write(OtherLane);
            w.Write("intersection_offroad");
            w.Write(OffRoad);
        }

        w.Write("sensors");
        w.WriteMapHeader(1);
        w.Write("CameraRGB");
        WriteImage(ref w, Pixels, Width, Height, Form);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteImage(ref MessagePackWriter w, byte[] rgb, int width, int height, ImageForm form)
    {
        switch (form)
        {
            case ImageForm.Nested:
                w.WriteArrayHeader(height);
                for (int y = 0, i = 0; y < height; y++)
                {
                    w.WriteArrayHeader(width);
                    for (int x = 0; x < width; x++, i += 3)
                    {
                        w.WriteArrayHeader(3);
                        w.Write(rgb[i]);
                        w.Write(rgb[i + 1]);
                        w.Write(rgb[i + 2]);
                    }
                }

                break;
            case ImageForm.Flat:
                w.WriteArrayHeader(rgb.Length);
                foreach (byte b in rgb)
                {
                    w.Write(b);
                }

                break;
            case ImageForm.Ndarray:
                // msgpack-numpy: binary keys (ENVIRONMENT.md), dtype string as str, data as bin.
                w.WriteMapHeader(5);
                w.Write("nd"u8);
                w.Write(true);
                w.Write("type"u8);
                w.Write("|u1");
                w.Write("kind"u8);
                w.Write(""u8);
                w.Write("shape"u8);
                w.WriteArrayHeader(3);
                w.Write(height);
                w.Write(width);
                w.Write(3);
                w.Write("data"u8);
                w.Write(rgb);
                break;
        }
    }

    private static void Vector(ref MessagePackWriter w, string key, double[] values)
    {
        w.Write(key);
        w.WriteArrayHeader(values.Length);
        foreach (double v in values)
        {
            w.Write(v);
        }
    }
}
