using CarlaDrl.Cli.Viewer;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using OpenCvSharp;

namespace CarlaDrl.Cli.Tests;

/// <summary>The composed view frame: the camera scaled into its square, the car on the town map, same input same bytes.</summary>
public sealed class ViewComposerTests
{
    private static ViewSnapshot Snapshot(byte r, byte g, byte b, double x, double y)
    {
        var rgb = new byte[64 * 64 * 3];
        for (int i = 0; i < rgb.Length; i += 3)
        {
            (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
        }

        Assert.True(BuiltInTowns.TryGet("Town01", out TownMap town));
        var frame = new WorldFrame();
        frame.Measurements.PlayerMeasurements.Transform = new CarlaDrl.Driving.Geometry.Transform(new CarlaDrl.Driving.Geometry.Vector3D((float)x, (float)y, 0), default, default);
        var snapshot = new ViewSnapshot();
        snapshot.CaptureFrom(frame, "test", "embedded Town01", town, new VehicleControl(0.5f, 1, 0), rgb, 64, 64);
        return snapshot;
    }

    [Fact]
    public void The_camera_fills_its_square_in_bgr_and_the_car_marker_sits_where_the_car_is()
    {
        using var composer = new ViewComposer();
        using Mat frame = ViewComposer.NewFrame();
        Assert.True(BuiltInTowns.TryGet("Town01", out TownMap town));
        Vec2Like min = new(town.Network.Min.X, town.Network.Min.Y), max = new(town.Network.Max.X, town.Network.Max.Y);

        // The car at the town's lower-left and then at its upper-right corner: the white marker moves across the map.
        composer.Compose(Snapshot(200, 10, 30, min.X, min.Y), frame);
        Assert.Equal(new Vec3b(30, 10, 200), frame.At<Vec3b>(ViewComposer.Height / 2, ViewComposer.CameraSide / 2)); // RGB in, BGR out
        Assert.Equal(new Vec3b(30, 10, 200), frame.At<Vec3b>(1, 1));
        (int leftX, int topY) = BrightestWhite(frame);
        composer.Compose(Snapshot(200, 10, 30, max.X, max.Y), frame);
        (int rightX, int bottomY) = BrightestWhite(frame);
        Assert.True(rightX - leftX > 200, $"{leftX} → {rightX}");
        Assert.True(bottomY - topY > 150, $"{topY} → {bottomY}");
    }

    [Fact]
    public void The_same_snapshot_composes_to_the_same_bytes_and_the_frame_size_is_fixed()
    {
        using var composer = new ViewComposer();
        using Mat a = ViewComposer.NewFrame(), b = ViewComposer.NewFrame(), c = ViewComposer.NewFrame();
        composer.Compose(Snapshot(1, 2, 3, 100, 100), a);
        composer.Compose(Snapshot(9, 9, 9, 150, 100), c);
        composer.Compose(Snapshot(1, 2, 3, 100, 100), b);
        Assert.Equal(new Size(1120, 384), a.Size());
        Assert.True(Bytes(a).SequenceEqual(Bytes(b)));
        Assert.False(Bytes(a).SequenceEqual(Bytes(c)));
        using Mat wrong = new(100, 100, MatType.CV_8UC3);
        Assert.Throws<ArgumentException>(() => composer.Compose(Snapshot(1, 2, 3, 100, 100), wrong));
    }

    /// <summary>Mean position of the pure-white pixels in the map square (the car marker).</summary>
    private static (int X, int Y) BrightestWhite(Mat frame)
    {
        long sx = 0, sy = 0, n = 0;
        for (int y = 0; y < ViewComposer.Height; y++)
        {
            for (int x = ViewComposer.CameraSide; x < ViewComposer.CameraSide + ViewComposer.MapSide; x++)
            {
                if (frame.At<Vec3b>(y, x) == new Vec3b(255, 255, 255))
                {
                    (sx, sy, n) = (sx + x, sy + y, n + 1);
                }
            }
        }

        Assert.True(n > 5, "no car marker on the map");
        return ((int)(sx / n), (int)(sy / n));
    }

    private static byte[] Bytes(Mat frame)
    {
        Assert.True(frame.GetArray(out Vec3b[] pixels));
        return [.. pixels.SelectMany(p => new[] { p.Item0, p.Item1, p.Item2 })];
    }

    private readonly record struct Vec2Like(double X, double Y);
}
