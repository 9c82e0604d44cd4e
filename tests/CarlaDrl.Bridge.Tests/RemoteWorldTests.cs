using CarlaDrl.Bridge.Client;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Bridge.Tests;

/// <summary>A world driven through the bridge (real NetMQ sockets on loopback) behaves exactly as the same world in process.</summary>
public sealed class RemoteWorldTests
{
    internal static EpisodeSettings AllSensors(int seed) => new()
    {
        SynchronousMode = true,
        SendNonPlayerAgentsInfo = true,
        NumberOfVehicles = 6,
        NumberOfPedestrians = 6,
        WeatherId = 3,
        SeedVehicles = seed,
        SeedPedestrians = seed + 1,
        Sensors =
        [
            new CameraDefinition("CameraRGB") { ImageSizeX = 64, ImageSizeY = 48, PositionX = 2f, PositionZ = 1.4f },
            new CameraDefinition("CameraDepth") { ImageSizeX = 32, ImageSizeY = 24, PostProcessing = PostProcessing.Depth },
            new CameraDefinition("CameraSemSeg") { ImageSizeX = 32, ImageSizeY = 24, PostProcessing = PostProcessing.SemanticSegmentation },
            new LidarDefinition("Lidar32") { PointsPerSecond = 20000 },
            new BirdEyeViewDefinition("BirdEye") { ImageSizeX = 32, ImageSizeY = 32 },
        ],
    };

    [Fact]
    public void Frames_through_the_bridge_equal_an_in_process_world_bit_for_bit()
    {
        using var bridge = new TestBridge();
        using RemoteWorld remote = bridge.Client();
        using var local = new EmbeddedWorld(TestBridge.WorldOptions);
        foreach ((int seed, int spot) in new[] { (21, 7), (5, 30) })
        {
            EpisodeSettings settings = AllSensors(seed);
            SceneDescription remoteScene = remote.NewEpisode(settings);
            SceneDescription localScene = local.NewEpisode(settings);
            Assert.Equal(localScene.MapName, remoteScene.MapName);
            Assert.Equal(localScene.PlayerStartSpots, remoteScene.PlayerStartSpots);
            Assert.Equal(localScene.Sensors, remoteScene.Sensors);
            remote.StartEpisode(spot);
            local.StartEpisode(spot);
            for (int i = 0; i < 40; i++)
            {
                WorldFrame mine = local.ReadFrame();
                AssertSameFrame(mine, remote.ReadFrame(), $"seed {seed}, frame {i}");
                VehicleControl control = i % 20 < 10 ? mine.Measurements.PlayerMeasurements.AutopilotControl : new VehicleControl(0.3f, 0.6f, 0, i % 7 == 0, false);
                remote.SendControl(control);
                local.SendControl(control);
            }
        }

        Assert.Equal(80, remote.Steps);
        Assert.Equal(80, bridge.Server.Steps);
        Assert.Equal(0, bridge.Server.Errors);
    }

    [Fact]
    public void Invalid_settings_come_back_as_InvalidSettingsException_and_the_session_goes_on()
    {
        using var bridge = new TestBridge();
        using RemoteWorld remote = bridge.Client();
        var bad = new EpisodeSettings { WeatherId = 3, Sensors = [new CameraDefinition("A"), new CameraDefinition("A")] };
        var e = Assert.Throws<InvalidSettingsException>(() => remote.NewEpisode(bad));
        Assert.Contains("used twice", e.Message, StringComparison.Ordinal);
        remote.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 1 });
        remote.StartEpisode(3);
        remote.SendControl(new VehicleControl(0, 1, 0));
        Assert.Equal(1u, remote.Session);
    }

    [Fact]
    public void No_worker_gives_a_clear_error_naming_the_endpoint_and_the_remedy()
    {
        using var remote = new RemoteWorld(new RemoteWorldOptions { Endpoint = "tcp://127.0.0.1:9", ConnectTimeout = TimeSpan.FromMilliseconds(500) });
        var e = Assert.Throws<IOException>(() => remote.NewEpisode(new EpisodeSettings()));
        Assert.Contains("tcp://127.0.0.1:9", e.Message, StringComparison.Ordinal);
        Assert.Contains("carla-drl bridge", e.Message, StringComparison.Ordinal);
    }

    internal static void AssertSameFrame(WorldFrame expected, WorldFrame actual, string where)
    {
        Measurements e = expected.Measurements, a = actual.Measurements;
        Assert.True(e.GameTimestamp == a.GameTimestamp && e.FrameNumber == a.FrameNumber && e.PlatformTimestamp == a.PlatformTimestamp, $"{where}: frame number / timestamps");
        PlayerMeasurements pe = e.PlayerMeasurements, pa = a.PlayerMeasurements;
        Assert.True(pe.Transform == pa.Transform, $"{where}: transform {pe.Transform} vs {pa.Transform}");
        Assert.True(pe.Acceleration == pa.Acceleration && pe.ForwardSpeed == pa.ForwardSpeed, $"{where}: motion");
        Assert.True(pe.CollisionVehicles == pa.CollisionVehicles && pe.CollisionPedestrians == pa.CollisionPedestrians && pe.CollisionOther == pa.CollisionOther, $"{where}: collisions");
        Assert.True(pe.IntersectionOtherLane == pa.IntersectionOtherLane && pe.IntersectionOffRoad == pa.IntersectionOffRoad, $"{where}: lane fractions");
        Assert.True(pe.AutopilotControl == pa.AutopilotControl && pe.BoundingBox == pa.BoundingBox, $"{where}: autopilot / box");
        Assert.True(e.NonPlayerAgents.Count > 0 && e.NonPlayerAgents.SequenceEqual(a.NonPlayerAgents), $"{where}: non-player agents");
        Assert.Equal(expected.SensorData.Count, actual.SensorData.Count);
        foreach (SensorData data in expected.SensorData)
        {
            if (data is CameraImage image)
            {
                Assert.True(actual.TryGetSensor(data.Name, out CameraImage other), $"{where}: {data.Name} missing");
                Assert.True((image.Width, image.Height, image.ImageType, image.FovDegrees, image.SensorId, image.FrameNumber) == (other.Width, other.Height, other.ImageType, other.FovDegrees, other.SensorId, other.FrameNumber), $"{where}: {data.Name} header");
                Assert.True(image.Bgra.AsSpan().SequenceEqual(other.Bgra), $"{where}: {data.Name} pixels differ");
                Assert.True(image.Rgb.SequenceEqual(other.Rgb), $"{where}: {data.Name} RGB differs");
            }
            else if (data is LidarMeasurement scan)
            {
                Assert.True(actual.TryGetSensor(data.Name, out LidarMeasurement other), $"{where}: {data.Name} missing");
                Assert.True(scan.PointCount > 0 && scan.PointCount == other.PointCount && scan.HorizontalAngle == other.HorizontalAngle && scan.FrameNumber == other.FrameNumber, $"{where}: {data.Name} scan");
                Assert.True(scan.PointsPerChannel.SequenceEqual(other.PointsPerChannel), $"{where}: {data.Name} per channel");
                Assert.True(scan.Points.AsSpan(0, 3 * scan.PointCount).SequenceEqual(other.Points.AsSpan(0, 3 * other.PointCount)), $"{where}: {data.Name} points differ");
            }
        }
    }
}
