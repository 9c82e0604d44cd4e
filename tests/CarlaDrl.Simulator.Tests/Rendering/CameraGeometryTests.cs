using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Rendering;

namespace CarlaDrl.Simulator.Tests.Rendering;

/// <summary>Rendering checked against geometry: pinhole projection of a flat road, a car ahead, byte layout, determinism.</summary>
public sealed class CameraGeometryTests
{
    private const int W = 200;
    private const int H = 150;
    private const float Height = 1.4f;

    /// <summary>In front of the player's bumper (2.4 m), so that its own bonnet is out of view.</summary>
    private const float Forward = 2.6f;

    /// <summary>A long straight road lane of Town01 and a point on it far from both junctions.</summary>
    private static (Lane Lane, double S) StraightStretch()
    {
        Lane lane = BuiltInTowns.Town01.Network.Lanes.Where(l => l.Kind == LaneKind.Road).OrderByDescending(l => l.Length).First();
        return (lane, 40);
    }

    private static (EmbeddedWorld World, WorldFrame Frame) Shoot(PostProcessing type, Action<EmbeddedWorld, Lane, double>? scene = null, int weather = 1)
    {
        var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
        world.NewEpisode(new EpisodeSettings
        {
            NumberOfVehicles = 0,
            NumberOfPedestrians = 0,
            WeatherId = weather,
            Sensors = [new CameraDefinition("Cam") { ImageSizeX = W, ImageSizeY = H, Fov = 90, PostProcessing = type, PositionX = Forward, PositionZ = Height }],
        });
        world.StartEpisode(0);
        (Lane lane, double s) = StraightStretch();
        LanePose pose = lane.PoseAt(s);
        scene?.Invoke(world, lane, s);
        world.PlacePlayer(pose.Position.X, pose.Position.Y, pose.HeadingRadians * Angles.DegreesPerRadian);
        return (world, world.ReadFrame());
    }

    private static CameraImage Image(WorldFrame frame) => Assert.IsType<CameraImage>(Assert.Single(frame.SensorData));

    [Fact]
    public void The_image_is_BGRA_of_4wh_bytes_and_the_RGB_view_is_its_reorder()
    {
        (EmbeddedWorld world, WorldFrame frame) = Shoot(PostProcessing.SceneFinal);
        using (world)
        {
            CameraImage image = Image(frame);
            Assert.Equal((W, H, 4 * W * H), (image.Width, image.Height, image.Bgra.Length));
            ReadOnlySpan<byte> rgb = image.Rgb;
            Assert.Equal(3 * W * H, rgb.Length);
            for (int p = 0; p < W * H; p += 97)
            {
                Assert.Equal(255, image.Bgra[(4 * p) + 3]);
                Assert.Equal(image.Bgra[(4 * p) + 2], rgb[3 * p]);
                Assert.Equal(image.Bgra[(4 * p) + 1], rgb[(3 * p) + 1]);
                Assert.Equal(image.Bgra[4 * p], rgb[(3 * p) + 2]);
            }
        }
    }

    [Fact]
    public void Straight_ahead_at_the_bottom_is_road_and_the_edge_line_is_where_projection_puts_it()
    {
        (EmbeddedWorld world, WorldFrame frame) = Shoot(PostProcessing.SemanticSegmentation);
        using (world)
        {
            CameraImage image = Image(frame);
            Assert.Equal((byte)SemanticLabel.Roads, image.LabelAt(W / 2, H - 1));
            Assert.Equal((byte)SemanticLabel.None, image.LabelAt(W / 2, 0)); // sky

            // The solid edge line is painted 1.75 m right of the lane centre (0.25 m inside the road edge).
            double f = W / 2.0; // FOV 90
            int labelledRows = 0;
            for (int py = H - 30; py < H; py++)
            {
                double depth = Height * f / (py + 0.5 - (H / 2.0));
                int column = (int)Math.Floor((W / 2.0) + (f * 1.75 / depth));
                bool line = Enumerable.Range(column - 1, 3).Any(c => c >= 0 && c < W && image.LabelAt(c, py) == (byte)SemanticLabel.RoadLines);
                labelledRows += line ? 1 : 0;
            }

            Assert.True(labelledRows >= 27, $"edge line found in only {labelledRows} of 30 rows");
        }
    }

    [Fact]
    public void Depth_grows_toward_the_horizon_and_matches_the_ground_plane_within_5_percent()
    {
        (EmbeddedWorld world, WorldFrame frame) = Shoot(PostProcessing.Depth);
        using (world)
        {
            CameraImage image = Image(frame);
            double f = W / 2.0;
            double previous = 0;
            for (int py = H - 1; py > H / 2 + 3; py--)
            {
                double expected = Height * f / (py + 0.5 - (H / 2.0));
                double measured = image.DepthMetersAt(W / 2, py);
                if (expected > 60)
                {
                    break; // farther rows may meet the next junction's scenery
                }

                Assert.InRange(measured, expected * 0.95, expected * 1.05);
                Assert.True(measured > previous, $"depth must grow toward the horizon (row {py}: {measured} after {previous})");
                previous = measured;
            }

            Assert.Equal(1000, image.DepthMetersAt(W / 2, 0), 3); // the sky is at the far plane
        }
    }

    [Fact]
    public void A_car_ahead_is_labelled_Vehicles_with_the_projected_footprint_and_its_distance_as_depth()
    {
        const double Ahead = 15;
        void Scene(EmbeddedWorld w, Lane lane, double s) => w.AddVehicle(lane, s + Ahead, parked: true);
        (EmbeddedWorld labelsWorld, WorldFrame labelsFrame) = Shoot(PostProcessing.SemanticSegmentation, Scene);
        (EmbeddedWorld depthWorld, WorldFrame depthFrame) = Shoot(PostProcessing.Depth, Scene);
        using (labelsWorld)
        using (depthWorld)
        {
            CameraImage labels = Image(labelsFrame), depth = Image(depthFrame);
            var car = labelsWorld.Traffic.Vehicles.Single();
            double rear = Ahead - car.HalfLength - Forward;
            double f = W / 2.0;

            // The row through the car body at 0.5 m height.
            int row = (int)Math.Floor((H / 2.0) + (f * (Height - 0.5) / rear));
            int[] columns = Enumerable.Range(0, W).Where(c => labels.LabelAt(c, row) == (byte)SemanticLabel.Vehicles).ToArray();
            Assert.NotEmpty(columns);
            double expectedWidth = 2 * f * car.HalfWidth / rear;
            Assert.InRange(columns.Length, expectedWidth - 3, expectedWidth + 3);
            Assert.InRange(columns.Average(), (W / 2.0) - 2, (W / 2.0) + 2);
            Assert.InRange(depth.DepthMetersAt(W / 2, row), rear * 0.95, rear * 1.05);
        }
    }

    [Fact]
    public void Rendering_is_deterministic()
    {
        static byte[] Run()
        {
            using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
            world.NewEpisode(new EpisodeSettings
            {
                NumberOfVehicles = 10,
                NumberOfPedestrians = 10,
                SeedVehicles = 5,
                SeedPedestrians = 6,
                WeatherId = 6,
                Sensors = [new CameraDefinition("Cam") { ImageSizeX = 64, ImageSizeY = 64 }, new CameraDefinition("Seg") { ImageSizeX = 64, ImageSizeY = 64, PostProcessing = PostProcessing.SemanticSegmentation }],
            });
            world.StartEpisode(7);
            var bytes = new List<byte>();
            WorldFrame frame = world.ReadFrame();
            for (int i = 0; i < 150; i++)
            {
                world.SendControl(frame.Measurements.PlayerMeasurements.AutopilotControl);
                frame = world.ReadFrame();
                foreach (SensorData data in frame.SensorData)
                {
                    bytes.AddRange(((CameraImage)data).Bgra);
                }
            }

            return [.. bytes];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Train_and_test_weathers_look_different()
    {
        static byte[] Picture(int weather)
        {
            (EmbeddedWorld world, WorldFrame frame) = Shoot(PostProcessing.SceneFinal, null, weather);
            using (world)
            {
                return Image(frame).Rgb.ToArray();
            }
        }

        static double MeanAbsoluteDifference(byte[] a, byte[] b) => a.Zip(b, (x, y) => Math.Abs(x - y)).Average();
        static double Warmth(byte[] rgb) => Enumerable.Range(0, rgb.Length / 3).Average(p => rgb[3 * p] - rgb[(3 * p) + 2]);

        byte[] clearNoon = Picture(1), hardRainNoon = Picture(6), clearSunset = Picture(8), wetNoon = Picture(3), cloudyNoon = Picture(2);
        Assert.True(MeanAbsoluteDifference(clearNoon, hardRainNoon) > 15, "hard rain (fog, streaks, grey sky) should change the picture");
        Assert.True(MeanAbsoluteDifference(clearNoon, clearSunset) > 15, "sunset light should change the picture");
        Assert.True(MeanAbsoluteDifference(clearNoon, cloudyNoon) > 5, "clouds should change the picture");
        Assert.True(MeanAbsoluteDifference(clearNoon, wetNoon) > 2, "a wet road should change the picture");
        Assert.True(Warmth(clearSunset) > Warmth(clearNoon) + 10, "sunset is warmer (redder) than noon");
        Assert.Equal(clearNoon, Picture(1)); // and the same weather gives the same picture
    }
}
