using System.Buffers;
using System.Diagnostics;
using CarlaDrl.Bridge.Seed;
using CarlaDrl.Driving.World;
using MessagePack;
using CarlaDrl.TestKit;

namespace CarlaDrl.Bridge.Tests;

/// <summary>SeedStreamWorld against hand-built seed messages over real NetMQ sockets on loopback (seed-system.md §3).</summary>
public sealed class SeedStreamWorldTests
{
    public static EpisodeSettings Settings() => new()
    {
        Sensors = [new CameraDefinition("CameraRGB") { ImageSizeX = 64, ImageSizeY = 64 }],
    };

    [Fact]
    public void A_seed_message_decodes_exactly()
    {
        var logs = new List<string>();
        (SeedStreamWorld world, FakeSeedClient client) = Open(logs);
        using (world)
        using (client)
        {
            client.Prime(world, new SeedMessage { Position = [0, 0, 0] });
            var message = new SeedMessage();
            WorldFrame frame = Exchange(world, client, message.Build());

            PlayerMeasurements p = frame.Measurements.PlayerMeasurements;
            Assert.Equal(new CarlaDrl.Driving.Geometry.Vector3D(92.1f, 37.5f, 0.22f), p.Transform.Location);
            Assert.Equal(new CarlaDrl.Driving.Geometry.Rotation3D(1.5f, -90.25f, 0.5f), p.Transform.Rotation);
            Assert.Equal(7.75f, p.ForwardSpeed);
            Assert.Equal(new CarlaDrl.Driving.Geometry.Vector3D(0.5f, -0.25f, 0f), p.Acceleration);
            Assert.Equal((12.5f, 3f, 250f, 0.25f, 0.125f), (p.CollisionVehicles, p.CollisionPedestrians, p.CollisionOther, p.IntersectionOtherLane, p.IntersectionOffRoad));
            Assert.Equal(0u, frame.Measurements.GameTimestamp); // both messages carry the same wall clock
            Assert.Equal((ulong)world.ReceivedFrames, frame.Measurements.FrameNumber);

            Assert.True(frame.TryGetSensor("CameraRGB", out CameraImage image));
            Assert.Equal((1u, 64, 64, PostProcessing.SceneFinal, 90f), (image.SensorId, image.Width, image.Height, image.ImageType, image.FovDegrees));
            byte[] rgb = message.Pixels;
            Assert.Equal(rgb, image.Rgb.ToArray());
            for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
            {
                Assert.Equal((rgb[i + 2], rgb[i + 1], rgb[i], (byte)255), (image.Bgra[j], image.Bgra[j + 1], image.Bgra[j + 2], image.Bgra[j + 3]));
            }

            // A later timestamp becomes game time in ms since the first message.
            frame = Exchange(world, client, (message with { Timestamp = message.Timestamp + 1.5 }).Build());
            Assert.Equal(1500u, frame.Measurements.GameTimestamp);
            Assert.Equal(0, world.MalformedMessages);
        }
    }

    [Fact]
    public void The_three_image_forms_decode_identically_and_the_size_comes_from_the_data()
    {
        (SeedStreamWorld world, FakeSeedClient client) = Open();
        using (world)
        using (client)
        {
            client.Prime(world, new SeedMessage());
            foreach ((int w, int h) in new[] { (64, 64), (32, 32) })
            {
                byte[] rgb = SeedMessage.Pattern(w, h, seed: w);
                var images = new List<(byte[] Rgb, byte[] Bgra)>();
                foreach (ImageForm form in new[] { ImageForm.Nested, ImageForm.Flat, ImageForm.Ndarray })
                {
                    WorldFrame frame = Exchange(world, client, new SeedMessage { Width = w, Height = h, Rgb = rgb, Form = form }.Build());
                    Assert.True(frame.TryGetSensor("CameraRGB", out CameraImage image));
                    Assert.Equal((w, h), (image.Width, image.Height));
                    images.Add((image.Rgb.ToArray(), image.Bgra.ToArray()));
                }

                Assert.All(images, i => Assert.Equal(rgb, i.Rgb));
                Assert.All(images, i => Assert.Equal(images[0].Bgra, i.Bgra));
            }

            // A non-square image only comes nested or as an ndarray.
            byte[] wide = SeedMessage.Pattern(48, 16, 3);
            foreach (ImageForm form in new[] { ImageForm.Nested, ImageForm.Ndarray })
            {
                WorldFrame frame = Exchange(world, client, new SeedMessage { Width = 48, Height = 16, Rgb = wide, Form = form }.Build());
                Assert.True(frame.TryGetSensor("CameraRGB", out CameraImage image));
                Assert.Equal((48, 16), (image.Width, image.Height));
                Assert.Equal(wide, image.Rgb.ToArray());
            }

            Assert.Equal(0, world.MalformedMessages);
            Assert.Equal(0, world.ReusedFrames);
        }
    }

    public static TheoryData<string, string> MalformedMessages() => new()
    {
        { "not a map", "not a map" },
        { "no measurements", "lacks measurements" },
        { "12287 values", "12287" },
        { "no position", "lacks position" },
        { "pixel 256", "outside 0–255" },
        { "garbage", "not valid msgpack" },
    };

    [Theory]
    [MemberData(nameof(MalformedMessages))]
    public void A_malformed_message_is_counted_logged_once_and_skipped(string kind, string logged)
    {
        var logs = new List<string>();
        (SeedStreamWorld world, FakeSeedClient client) = Open(logs, frameWait: TimeSpan.FromSeconds(1)); // generous: tests run in parallel on 2 cores
        using (world)
        using (client)
        {
            client.Prime(world, new SeedMessage { Position = [1, 2, 3] });
            byte[] bad = Malformed(kind);
            for (int i = 1; i <= 2; i++)
            {
                WorldFrame frame = Exchange(world, client, bad);
                Assert.Equal(i, world.MalformedMessages);
                Assert.Equal(1f, frame.Measurements.PlayerMeasurements.Transform.Location.X); // the previous frame, reused
                Assert.Equal(i, world.ReusedFrames);
            }

            WorldFrame good = Exchange(world, client, new SeedMessage { Position = [4, 5, 6] }.Build());
            Assert.Equal(4f, good.Measurements.PlayerMeasurements.Transform.Location.X);
            Assert.Equal(2, world.ReusedFrames);
            Assert.Single(logs, l => l.Contains(logged, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Only_the_newest_queued_observation_is_read()
    {
        (SeedStreamWorld world, FakeSeedClient client) = Open();
        using (world)
        using (client)
        {
            client.Prime(world, new SeedMessage { Position = [0, 0, 0] });
            long dropped = world.DroppedFrames, received = world.ReceivedFrames;
            for (int i = 1; i <= 5; i++)
            {
                client.Publish(new SeedMessage { Position = [i, 0, 0] }.Build());
            }

            Thread.Sleep(1000); // all five land in the SUB's queue while nobody reads (loopback: well under 1 s)
            WorldFrame frame = world.ReadFrame();
            Assert.Equal(5f, frame.Measurements.PlayerMeasurements.Transform.Location.X);
            Assert.Equal(4, world.DroppedFrames - dropped);
            Assert.Equal(5, world.ReceivedFrames - received);
            Assert.Equal((ulong)world.ReceivedFrames, frame.Measurements.FrameNumber);
        }
    }

    [Fact]
    public void A_quiet_client_gives_reused_frames_then_a_lost_connection()
    {
        var logs = new List<string>();
        (SeedStreamWorld world, FakeSeedClient client) = Open(logs, frameWait: TimeSpan.FromMilliseconds(200), timeout: TimeSpan.FromSeconds(1.5));
        using (world)
        using (client)
        {
            client.Prime(world, new SeedMessage());
            var clock = Stopwatch.StartNew();
            WorldConnectionLostException? lost = null;
            for (int i = 0; i < 50 && lost is null; i++)
            {
                world.SendControl(new VehicleControl(0, 0.5f, 0));
                lost = Record.Exception(() => world.ReadFrame()) as WorldConnectionLostException;
            }

            Assert.NotNull(lost);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.2), $"lost after {clock.Elapsed}");
            Assert.InRange(world.ReusedFrames, 3, 10);
            Assert.Contains($"tcp://127.0.0.1:{client.Port}", lost.Message, StringComparison.Ordinal);
            Assert.Contains("carla_zmq_client.py", lost.Message, StringComparison.Ordinal);
            Assert.Single(logs, l => l.Contains("reusing the previous one", StringComparison.Ordinal)); // rate-limited

            // The client comes back: the world answers again. On a loaded machine the first message may miss the
            // 200 ms frame wait (the world then still reports the old silence), so the client keeps publishing.
            WorldFrame? frame = null;
            for (int i = 0; i < 25 && frame is null; i++)
            {
                try
                {
                    frame = Exchange(world, client, new SeedMessage { Position = [9, 9, 9] }.Build());
                }
                catch (WorldConnectionLostException)
                {
                }
            }

            Assert.NotNull(frame);
            Assert.Equal(9f, frame.Measurements.PlayerMeasurements.Transform.Location.X);
        }
    }

    [Fact]
    public void New_episode_without_a_client_fails_naming_the_endpoint_and_never_invents_a_frame()
    {
        int port = LoopbackPorts.FreePair();
        using var world = new SeedStreamWorld(new SeedStreamOptions { ObservationPort = port, FrameWait = TimeSpan.FromMilliseconds(200), Timeout = TimeSpan.FromMilliseconds(700) });
        IOException e = Assert.Throws<IOException>(() => world.NewEpisode(Settings()));
        Assert.Contains($"tcp://127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("carla_zmq_client.py", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => world.ReadFrame());
        Assert.Throws<InvalidSettingsException>(() => world.NewEpisode(new EpisodeSettings { Sensors = [new CameraDefinition("Front")] }));
    }

    [Fact]
    public void The_scene_starts_at_the_cars_pose_and_actions_carry_exactly_the_seed_keys_as_float64()
    {
        var logs = new List<string>();
        (SeedStreamWorld world, FakeSeedClient client) = Open(logs);
        using (world)
        using (client)
        {
            var first = new SeedMessage { Position = [92.1, 37.5, 0.22], WithCollisionKeys = false };
            client.Prime(world, first);
            SceneDescription scene = world.NewEpisode(Settings());
            Assert.Equal("Town01", scene.MapName);
            Assert.Equal(1 + 152, scene.PlayerStartSpots.Count);
            Assert.Equal(92.1f, scene.PlayerStartSpots[0].Location.X);
            Assert.Equal(new SensorInfo(1, SensorType.Camera, "CameraRGB"), Assert.Single(scene.Sensors));
            Assert.Single(logs, l => l.Contains("collision_vehicles", StringComparison.Ordinal)); // older client: warned once
            world.StartEpisode(3);
            Assert.Contains(logs, l => l.Contains("start spot 3", StringComparison.Ordinal));

            byte[]? action = null;
            for (int i = 0; i < 20 && action is null; i++)
            {
                world.SendControl(new VehicleControl(-0.25f, 0.75f, 0.125f, HandBrake: true));
                action = client.ReceiveAction(TimeSpan.FromMilliseconds(250));
            }

            Assert.NotNull(action);
            var reader = new MessagePackReader(action);
            Assert.Equal(3, reader.ReadMapHeader());
            var values = new List<(string, double)>();
            for (int i = 0; i < 3; i++)
            {
                string key = reader.ReadString()!;
                Assert.Equal(MessagePackCode.Float64, reader.NextCode);
                values.Add((key, reader.ReadDouble()));
            }

            Assert.Equal([("steering", -0.25), ("throttle", 0.75), ("brake", 0.125)], values);
        }
    }

    internal static (SeedStreamWorld World, FakeSeedClient Client) Open(List<string>? logs = null, TimeSpan? frameWait = null, TimeSpan? timeout = null)
    {
        int port = LoopbackPorts.FreePair();
        var client = new FakeSeedClient(port);
        var world = new SeedStreamWorld(new SeedStreamOptions
        {
            ObservationPort = port,
            FrameWait = frameWait ?? TimeSpan.FromSeconds(5),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            Log = logs is null ? null : m => { lock (logs) { logs.Add(m); } },
        });
        return (world, client);
    }

    /// <summary>One lockstep exchange: a control, then the client's answer, then the read.</summary>
    private static WorldFrame Exchange(SeedStreamWorld world, FakeSeedClient client, byte[] message)
    {
        world.SendControl(VehicleControl.Neutral);
        client.Publish(message);
        return world.ReadFrame();
    }

    private static byte[] Malformed(string kind)
    {
        byte[] good = new SeedMessage().Build();
        return kind switch
        {
            "not a map" => MessagePackSerializer.Serialize(new[] { 1, 2, 3 }),
            "no measurements" => Rewrite((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(3);
                w.Write("type");
                w.Write("sensor_data");
                w.Write("timestamp");
                w.Write(1.0);
                w.Write("sensors");
                w.WriteMapHeader(1);
                w.Write("CameraRGB");
                SeedMessage.WriteImage(ref w, SeedMessage.Pattern(64, 64, 0), 64, 64, ImageForm.Nested);
            }),
            "12287 values" => Rewrite((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(3);
                w.Write("timestamp");
                w.Write(1.0);
                w.Write("measurements");
                w.WriteRaw(MeasurementsOf(good));
                w.Write("sensors");
                w.WriteMapHeader(1);
                w.Write("CameraRGB");
                w.WriteArrayHeader(12287);
                for (int i = 0; i < 12287; i++)
                {
                    w.Write((byte)(i % 256));
                }
            }),
            "no position" => Rewrite((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(3);
                w.Write("timestamp");
                w.Write(1.0);
                w.Write("measurements");
                w.WriteMapHeader(1);
                w.Write("velocity");
                w.Write(1.0);
                w.Write("sensors");
                w.WriteMapHeader(1);
                w.Write("CameraRGB");
                SeedMessage.WriteImage(ref w, SeedMessage.Pattern(8, 8, 0), 8, 8, ImageForm.Nested);
            }),
            "pixel 256" => Rewrite((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(3);
                w.Write("timestamp");
                w.Write(1.0);
                w.Write("measurements");
                w.WriteRaw(MeasurementsOf(good));
                w.Write("sensors");
                w.WriteMapHeader(1);
                w.Write("CameraRGB");
                w.WriteArrayHeader(1);
                w.WriteArrayHeader(1);
                w.WriteArrayHeader(3);
                w.Write(1);
                w.Write(256);
                w.Write(3);
            }),
            _ => good[..(good.Length / 2)], // cut in the middle of the image
        };
    }

    private delegate void WriteBody(ref MessagePackWriter writer);

    private static byte[] Rewrite(WriteBody body)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        body(ref w);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The raw msgpack of the measurements map of a whole message.</summary>
    private static ReadOnlySequence<byte> MeasurementsOf(byte[] message)
    {
        var reader = new MessagePackReader(message);
        int n = reader.ReadMapHeader();
        for (int i = 0; i < n; i++)
        {
            if (reader.ReadString() == "measurements")
            {
                return reader.ReadRaw();
            }

            reader.Skip();
        }

        throw new InvalidOperationException("no measurements");
    }
}
