using System.Collections.Concurrent;
using CarlaDrl.Carla.Client;
using CarlaDrl.Carla.Server;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Carla.Tests;

/// <summary>CarlaWorld ↔ CarlaServer(EmbeddedWorld) over real loopback sockets.</summary>
public sealed class LoopbackTests
{
    [Fact]
    public void An_episode_with_three_cameras_and_a_lidar_runs_over_the_wire()
    {
        (CarlaServer server, EmbeddedWorld served) = TestServers.StartInProcess();
        using (served)
        using (server)
        using (CarlaWorld client = TestServers.Client(server.Port))
        {
            SceneDescription scene = client.NewEpisode(TestServers.FourSensors());
            Assert.Equal("Town01", scene.MapName);
            Assert.Equal(served.Town.StartSpots.Count, scene.PlayerStartSpots.Count);
            Assert.All(scene.PlayerStartSpots, s => Assert.True(s.Orientation.Length > 0.99f, "every spot's orientation is filled"));
            Assert.Equal(["CameraRGB", "CameraDepth", "CameraSeg", "Lidar32"], scene.Sensors.Select(s => s.Name));
            Assert.Equal(4, scene.Sensors.Select(s => s.Id).Distinct().Count());
            Assert.Equal([SensorType.Camera, SensorType.Camera, SensorType.Camera, SensorType.LidarRayCast], scene.Sensors.Select(s => s.Type));

            client.StartEpisode(5);
            WorldFrame frame = client.ReadFrame();
            uint t0 = frame.Measurements.GameTimestamp;
            ulong f0 = frame.Measurements.FrameNumber;
            var start = frame.Measurements.PlayerMeasurements.Transform.Location;
            for (int i = 1; i <= 40; i++)
            {
                client.SendControl(new VehicleControl(0, 0.8f, 0));
                frame = client.ReadFrame();
                Assert.Equal(t0 + (100u * (uint)i), frame.Measurements.GameTimestamp);
                Assert.Equal(f0 + (ulong)i, frame.Measurements.FrameNumber);
                Assert.Equal(4, frame.SensorData.Count);
                Assert.True(frame.TryGetSensor("CameraRGB", out CameraImage rgb));
                Assert.Equal((64, 48, PostProcessing.SceneFinal, 4 * 64 * 48, 3 * 64 * 48), (rgb.Width, rgb.Height, rgb.ImageType, rgb.Bgra.Length, rgb.Rgb.Length));
                Assert.True(frame.TryGetSensor("CameraDepth", out CameraImage depth));
                Assert.Equal((32, 24, PostProcessing.Depth), (depth.Width, depth.Height, depth.ImageType));
                Assert.InRange(depth.DepthMetersAt(16, 23), 0.1, 1000);
                Assert.True(frame.TryGetSensor("CameraSeg", out CameraImage seg));
                Assert.Equal((40, 30, PostProcessing.SemanticSegmentation, 100f), (seg.Width, seg.Height, seg.ImageType, seg.FovDegrees));
                Assert.InRange(seg.LabelAt(20, 29), (byte)0, (byte)12);
                Assert.True(frame.TryGetSensor("Lidar32", out LidarMeasurement lidar));
                Assert.Equal(8, lidar.ChannelCount);
                Assert.Equal(lidar.PointCount, (int)lidar.PointsPerChannel.Sum(c => c));
                Assert.Equal(frame.Measurements.FrameNumber, lidar.FrameNumber); // 16 wire bits widened again
                Assert.Equal(frame.Measurements.FrameNumber, rgb.FrameNumber);
            }

            var end = frame.Measurements.PlayerMeasurements.Transform.Location;
            Assert.True((end - start).Length > 5, $"full throttle for 4 s should move the car; it moved {(end - start).Length:0.00} m");
            Assert.True(frame.Measurements.PlayerMeasurements.ForwardSpeed > 2);
            Assert.NotEmpty(frame.Measurements.NonPlayerAgents);
        }
    }

    [Fact]
    public void Measurements_and_sensor_data_equal_an_in_process_world_driven_the_same_way()
    {
        EpisodeSettings settings = TestServers.FourSensors(seed: 21);
        (CarlaServer server, EmbeddedWorld served) = TestServers.StartInProcess();
        using (served)
        using (server)
        using (CarlaWorld client = TestServers.Client(server.Port))
        using (var local = new EmbeddedWorld(TestServers.WorldOptions))
        {
            foreach (int spot in new[] { 7, 30 })
            {
                client.NewEpisode(settings);
                local.NewEpisode(settings);
                client.StartEpisode(spot);
                local.StartEpisode(spot);
                WorldFrame remote = client.ReadFrame();
                WorldFrame mine = local.ReadFrame();
                ulong remoteStart = remote.Measurements.FrameNumber, localStart = mine.Measurements.FrameNumber;
                for (int i = 0; i < 60; i++)
                {
                    AssertSameFrame(mine, remote, remoteStart, localStart, $"spot {spot}, frame {i}");
                    VehicleControl control = i % 20 < 10 ? mine.Measurements.PlayerMeasurements.AutopilotControl : new VehicleControl(0.3f, 0.6f, 0);
                    client.SendControl(control);
                    local.SendControl(control);
                    remote = client.ReadFrame();
                    mine = local.ReadFrame();
                }
            }
        }
    }

    [Fact]
    public void RequestNewEpisode_twice_in_a_row_answers_a_fresh_scene_each_time()
    {
        var log = new ConcurrentQueue<string>();
        (CarlaServer server, EmbeddedWorld served) = TestServers.StartInProcess(log);
        using (served)
        using (server)
        using (CarlaWorld client = TestServers.Client(server.Port))
        {
            SceneDescription first = client.NewEpisode(TestServers.FourSensors());
            SceneDescription second = client.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 1, Sensors = [new CameraDefinition("Only") { ImageSizeX = 16, ImageSizeY = 8 }] });
            Assert.Equal(4, first.Sensors.Count);
            Assert.Equal("Only", Assert.Single(second.Sensors).Name);
            client.StartEpisode(0);
            WorldFrame frame = client.ReadFrame();
            Assert.True(frame.TryGetSensor("Only", out CameraImage image));
            Assert.Equal((16, 8), (image.Width, image.Height));
            Assert.Single(frame.SensorData);
            Assert.Empty(frame.Measurements.NonPlayerAgents);
        }

        Assert.Equal(3, log.Count(l => l.StartsWith("new episode", StringComparison.Ordinal))); // throw-away + two requests
    }

    [Fact]
    public void An_out_of_range_start_index_starts_at_spot_0_with_a_warning()
    {
        var log = new ConcurrentQueue<string>();
        var clientLog = new ConcurrentQueue<string>();
        (CarlaServer server, EmbeddedWorld served) = TestServers.StartInProcess(log);
        using (served)
        using (server)
        using (CarlaWorld client = TestServers.Client(server.Port, clientLog))
        using (var local = new EmbeddedWorld(TestServers.WorldOptions))
        {
            var settings = new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 3, SeedPedestrians = 4 };
            client.NewEpisode(settings);
            client.StartEpisode(9999);
            local.NewEpisode(settings);
            local.StartEpisode(0);
            Assert.Equal(local.ReadFrame().Measurements.PlayerMeasurements.Transform, client.ReadFrame().Measurements.PlayerMeasurements.Transform);
        }

        Assert.Contains(log, l => l.Contains("start index 9999 is out of range", StringComparison.Ordinal));
        Assert.Contains(clientLog, l => l.Contains("start index 9999 is out of range", StringComparison.Ordinal));
    }

    [Fact]
    public void Reading_twice_returns_the_same_frame_and_a_control_without_a_read_keeps_lockstep()
    {
        (CarlaServer server, EmbeddedWorld served) = TestServers.StartInProcess();
        using (served)
        using (server)
        using (CarlaWorld client = TestServers.Client(server.Port))
        {
            client.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 1 });
            client.StartEpisode(0);
            uint t0 = client.ReadFrame().Measurements.GameTimestamp;
            Assert.Equal(t0, client.ReadFrame().Measurements.GameTimestamp);
            client.SendControl(VehicleControl.Neutral);
            client.SendControl(VehicleControl.Neutral); // reads frame 1 first, then sends control 1
            Assert.Equal(t0 + 200, client.ReadFrame().Measurements.GameTimestamp);
        }
    }

    [Fact]
    public void A_birds_eye_view_is_refused_before_anything_is_sent()
    {
        using var client = new CarlaWorld(new CarlaWorldOptions { Port = 1, ConnectAttempts = 1 });
        var error = Assert.Throws<InvalidSettingsException>(() => client.NewEpisode(new EpisodeSettings { Sensors = [new BirdEyeViewDefinition("Bev")] }));
        Assert.Contains("bird's-eye view", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Asynchronous_mode_streams_frames_in_real_time_without_controls()
    {
        (CarlaServer server, EmbeddedWorld served) = TestServers.StartInProcess();
        using (served)
        using (server)
        using (CarlaWorld client = TestServers.Client(server.Port))
        {
            client.NewEpisode(new EpisodeSettings { SynchronousMode = false, NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 1 });
            // The server paces from the episode start: a frame of game time t cannot exist before wall time t has
            // passed. (Frames may queue while a loaded client is slow, so only this lower bound is certain.)
            var clock = System.Diagnostics.Stopwatch.StartNew();
            client.StartEpisode(0);
            uint first = client.ReadFrame().Measurements.GameTimestamp;
            uint last = first;
            for (int i = 0; i < 5; i++)
            {
                last = client.ReadFrame().Measurements.GameTimestamp;
            }

            TimeSpan elapsed = clock.Elapsed;
            Assert.Equal(first + 500, last);
            Assert.True(elapsed > TimeSpan.FromMilliseconds(450), $"10 Hz real time: 500 ms of game time were delivered {elapsed.TotalMilliseconds:0} ms after the episode started");
        }
    }

    private static void AssertSameFrame(WorldFrame expected, WorldFrame actual, ulong remoteStart, ulong localStart, string where)
    {
        Measurements e = expected.Measurements, a = actual.Measurements;
        Assert.True(e.GameTimestamp == a.GameTimestamp, $"{where}: game timestamp");
        Assert.True(e.FrameNumber - localStart == a.FrameNumber - remoteStart, $"{where}: frame number");
        PlayerMeasurements pe = e.PlayerMeasurements, pa = a.PlayerMeasurements;
        Assert.True(pe.Transform == pa.Transform, $"{where}: transform {pe.Transform} vs {pa.Transform}");
        Assert.True(pe.Acceleration == pa.Acceleration && pe.ForwardSpeed == pa.ForwardSpeed, $"{where}: motion");
        Assert.True(pe.CollisionVehicles == pa.CollisionVehicles && pe.CollisionPedestrians == pa.CollisionPedestrians && pe.CollisionOther == pa.CollisionOther, $"{where}: collisions");
        Assert.True(pe.IntersectionOtherLane == pa.IntersectionOtherLane && pe.IntersectionOffRoad == pa.IntersectionOffRoad, $"{where}: lane fractions");
        Assert.True(pe.AutopilotControl == pa.AutopilotControl && pe.BoundingBox == pa.BoundingBox, $"{where}: autopilot / box");
        Assert.True(e.NonPlayerAgents.SequenceEqual(a.NonPlayerAgents), $"{where}: non-player agents");
        Assert.Equal(expected.SensorData.Count, actual.SensorData.Count);
        foreach (SensorData data in expected.SensorData)
        {
            if (data is CameraImage image)
            {
                Assert.True(actual.TryGetSensor(data.Name, out CameraImage other), $"{where}: {data.Name} missing");
                Assert.True(image.Bgra.AsSpan().SequenceEqual(other.Bgra), $"{where}: {data.Name} pixels differ");
            }
            else if (data is LidarMeasurement scan)
            {
                Assert.True(actual.TryGetSensor(data.Name, out LidarMeasurement other), $"{where}: {data.Name} missing");
                Assert.True(scan.PointCount == other.PointCount && scan.HorizontalAngle == other.HorizontalAngle, $"{where}: {data.Name} scan");
                Assert.True(scan.Points.AsSpan(0, 3 * scan.PointCount).SequenceEqual(other.Points.AsSpan(0, 3 * other.PointCount)), $"{where}: {data.Name} points differ");
            }
        }
    }
}
