using CarlaDrl.Carla.Protocol;
using CarlaDrl.Carla.Sensors;
using CarlaDrl.Driving.World;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CarlaDrl.Carla.Tests;

/// <summary>Camera decoding (spec §8): RGB, depth and labels through CameraImage, the SIMD converter, the resizer, bad blobs.</summary>
public sealed class ImageTests
{
    [Property(MaxTest = 100)]
    public void The_SIMD_converter_equals_the_reference_conversion(PositiveInt w, PositiveInt h, int seed)
    {
        int width = 1 + (w.Get % 37), height = 1 + (h.Get % 11);
        var image = new CameraImage(1, "c", width, height, PostProcessing.SceneFinal, 90);
        new Random(seed).NextBytes(image.Bgra);
        var expected = new byte[3 * width * height];
        image.CopyRgbTo(expected);
        var actual = new byte[3 * width * height];
        PixelConverter.BgraToRgb(image.Bgra, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Decoding_with_rgb_conversion_fills_the_rgb_view_and_reuses_the_image()
    {
        var source = new CameraImage(5, "c", 3, 2, PostProcessing.SceneFinal, 90);
        new Random(1).NextBytes(source.Bgra);
        var blob = new byte[CameraBlob.MessageLength(3, 2)];
        CameraBlob.Encode(5, source, blob);
        CameraImage first = CameraBlob.Decode(blob.AsSpan(4), 5, "c", null, convertRgb: true);
        CameraImage second = CameraBlob.Decode(blob.AsSpan(4), 5, "c", first, convertRgb: true);
        Assert.Same(first, second);
        Assert.Equal(source.Rgb.ToArray(), second.Rgb.ToArray());
    }

    [Fact]
    public void Depth_and_labels_decode_as_the_official_image_converter()
    {
        var image = new CameraImage(1, "d", 2, 1, PostProcessing.Depth, 90);
        // pixel 0: B=1, G=2, R=3 → (3 + 256·2 + 65536·1) / (2^24 − 1) × 1000 m; pixel 1: label 7 (roads) in R
        new byte[] { 1, 2, 3, 255, 0, 0, 7, 255 }.CopyTo(image.Bgra, 0);
        Assert.Equal((3 + (256.0 * 2) + 65536.0) / 16777215.0 * 1000.0, image.DepthMetersAt(0, 0), 9);
        Assert.Equal(7, image.LabelAt(1, 0));
    }

    [Fact]
    public void The_resizer_averages_areas()
    {
        // 4×2 BGRA: left 2×2 block red (R=200), right block blue (B=100) → 2×1 RGB.
        byte[] bgra =
        [
            0, 0, 200, 255, 0, 0, 200, 255, 100, 0, 0, 255, 100, 0, 0, 255,
            0, 0, 100, 255, 0, 0, 100, 255, 100, 0, 0, 255, 50, 0, 0, 255,
        ];
        var rgb = new byte[6];
        ImageResizer.ResizeToRgb(bgra, 4, 2, rgb, 2, 1);
        Assert.Equal(new byte[] { 150, 0, 0, 0, 0, 88 }, rgb);
    }

    [Fact]
    public void An_800x600_frame_shrinks_to_64x64_and_a_uniform_colour_stays_the_same()
    {
        var image = new CameraImage(1, "c", 800, 600, PostProcessing.SceneFinal, 90);
        for (int i = 0; i < image.Bgra.Length; i += 4)
        {
            (image.Bgra[i], image.Bgra[i + 1], image.Bgra[i + 2], image.Bgra[i + 3]) = (10, 20, 30, 255);
        }

        var rgb = new byte[3 * 64 * 64];
        ImageResizer.ResizeToRgb(image, rgb, 64, 64);
        for (int i = 0; i < rgb.Length; i += 3)
        {
            Assert.Equal((30, 20, 10), (rgb[i], rgb[i + 1], rgb[i + 2]));
        }
    }

    [Theory]
    [InlineData(2, 2, 15)] // one byte short of 4·w·h
    [InlineData(0, 2, 0)] // no pixels
    public void A_camera_blob_with_the_wrong_pixel_count_is_a_protocol_error(int w, int h, int pixelBytes)
    {
        var payload = new byte[CameraBlob.HeaderBytes + pixelBytes];
        BitConverter.TryWriteBytes(payload.AsSpan(8), w);
        BitConverter.TryWriteBytes(payload.AsSpan(12), h);
        Assert.Throws<CarlaProtocolException>(() => CameraBlob.Decode(payload, 1, "c"));
    }

    [Fact]
    public void A_lidar_blob_whose_counts_do_not_match_its_points_is_a_protocol_error()
    {
        var payload = new byte[LidarBlob.HeaderBytes + 8 + 24];
        BitConverter.TryWriteBytes(payload.AsSpan(12), 2u); // two channels
        BitConverter.TryWriteBytes(payload.AsSpan(16), 1u);
        BitConverter.TryWriteBytes(payload.AsSpan(20), 2u); // 3 points claimed, 2 carried
        var error = Assert.Throws<CarlaProtocolException>(() => LidarBlob.Decode(payload, 1, "l"));
        Assert.Contains("add up to 3 points", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 100)]
    public void Lidar_blobs_round_trip(PositiveInt channels, int seed)
    {
        int c = 1 + (channels.Get % 64);
        var random = new Random(seed);
        var counts = Enumerable.Range(0, c).Select(_ => (uint)random.Next(0, 20)).ToArray();
        int n = (int)counts.Sum(x => x);
        var scan = new LidarMeasurement(9, "l", c, n) { HorizontalAngle = (float)random.NextDouble() * 360, PointCount = n, FrameNumber = (ulong)random.NextInt64() };
        counts.CopyTo(scan.PointsPerChannel, 0);
        for (int i = 0; i < 3 * n; i++)
        {
            scan.Points[i] = (float)((random.NextDouble() * 100) - 50);
        }

        var blob = new byte[LidarBlob.MessageLength(scan)];
        LidarBlob.Encode(9, scan, blob);
        LidarMeasurement back = LidarBlob.Decode(blob.AsSpan(4), 9, "l");
        Assert.Equal((scan.HorizontalAngle, n, scan.FrameNumber & 0xFFFF), (back.HorizontalAngle, back.PointCount, back.FrameNumber));
        Assert.Equal(counts, back.PointsPerChannel);
        Assert.True(scan.Points.AsSpan(0, 3 * n).SequenceEqual(back.Points.AsSpan(0, 3 * n)));
    }
}
