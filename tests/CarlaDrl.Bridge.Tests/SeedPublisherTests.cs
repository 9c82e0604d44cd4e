using System.Collections.Concurrent;
using CarlaDrl.Bridge.Seed;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator;
using CarlaDrl.TestKit;

namespace CarlaDrl.Bridge.Tests;

/// <summary>SeedPublisher hosting the embedded world, read by SeedStreamWorld: both ends of the seed protocol in C#.</summary>
public sealed class SeedPublisherTests
{
    private static EpisodeSettings Settings() => new()
    {
        NumberOfVehicles = 0,
        NumberOfPedestrians = 0,
        SeedVehicles = 1,
        SeedPedestrians = 2,
        Sensors = [new CameraDefinition(DrivingEnv.CameraSensorName) { ImageSizeX = 64, ImageSizeY = 64, PositionX = 2.0f, PositionZ = 1.4f }],
    };

    [Fact]
    public void Lockstep_over_loopback_pairs_every_observation_with_its_action()
    {
        int port = LoopbackPorts.FreePair();
        var published = new ConcurrentQueue<(long Number, uint GameMs, float X, float Y, byte[] Rgb)>();
        var applied = new ConcurrentDictionary<long, VehicleControl>();
        using var embedded = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01", Seed = 7 });
        using var world = new SeedStreamWorld(new SeedStreamOptions { ObservationPort = port, FrameWait = TimeSpan.FromSeconds(5), Timeout = TimeSpan.FromSeconds(20) });
        using var publisher = new SeedPublisher(embedded, Settings(), new SeedPublisherOptions
        {
            ObservationBind = $"tcp://127.0.0.1:{port}",
            ActionWait = TimeSpan.FromSeconds(2),
            StartIndex = 10,
            Published = (n, f) =>
            {
                f.TryGetSensor(DrivingEnv.CameraSensorName, out CameraImage image);
                PlayerMeasurements p = f.Measurements.PlayerMeasurements;
                published.Enqueue((n, f.Measurements.GameTimestamp, p.Transform.Location.X, p.Transform.Location.Y, image.Rgb.ToArray()));
            },
            Applied = (n, c) => applied[n] = c,
        });
        using var running = new PublisherThread(publisher);

        var seen = new List<(uint GameMs, float X, float Y, byte[] Rgb, VehicleControl Sent)>();
        try
        {
            Drive(world, seen);
        }
        finally
        {
            running.Stop(); // rethrows what stopped the publisher: the root cause of a failure here
        }

        Assert.Equal((0, 0, 0), (world.DroppedFrames, world.ReusedFrames, world.MalformedMessages));
        Assert.Equal(0, publisher.MalformedActions);

        // Find where the C# side joined the publisher's stream, then every frame must follow in order, one tick apart,
        // bit-identical, and the action sent after frame k must be the one applied after publishing frame k.
        var sent = published.ToArray();
        int join = Enumerable.Range(0, Math.Max(0, sent.Length - seen.Count + 1))
            .FirstOrDefault(j => Enumerable.Range(0, seen.Count).All(i => sent[j + i].X == seen[i].X && sent[j + i].Y == seen[i].Y), -1);
        Assert.True(join >= 0, "the first frame read is not among the published ones");
        for (int i = 0; i < seen.Count; i++)
        {
            var s = sent[join + i];
            Assert.Equal((s.X, s.Y), (seen[i].X, seen[i].Y));
            Assert.Equal(s.Rgb, seen[i].Rgb);
            Assert.Equal(s.GameMs - sent[join].GameMs, seen[i].GameMs - seen[0].GameMs);
            if (i > 0)
            {
                Assert.Equal(100u, s.GameMs - sent[join + i - 1].GameMs); // one 10 Hz tick per action: no frame skipped
                Assert.Equal(seen[i].Sent.Clamped(), applied[s.Number]);
            }
        }

        Assert.True(seen[^1].X != seen[0].X || seen[^1].Y != seen[0].Y, "the car did not move");
    }

    [Fact]
    public void A_driving_env_resets_and_steps_over_the_seed_protocol()
    {
        int port = LoopbackPorts.FreePair();
        var logs = new ConcurrentQueue<string>();
        using var embedded = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01", Seed = 3 });
        using var publisher = new SeedPublisher(embedded, Settings(), new SeedPublisherOptions { ObservationBind = $"tcp://127.0.0.1:{port}", ActionWait = TimeSpan.FromSeconds(2), StartIndex = 10 });
        using var running = new PublisherThread(publisher);
        var world = new SeedStreamWorld(new SeedStreamOptions
        {
            ObservationPort = port,
            FrameWait = TimeSpan.FromSeconds(5),
            Timeout = TimeSpan.FromSeconds(20),
            Town = "Town01",
            Log = logs.Enqueue,
        });
        using (var env = new DrivingEnv(world, new DrivingScenario { MinRouteMeters = 50, MaxRouteMeters = 600 }, new DrivingEnvOptions()))
        {
            var rng = new Rng(5);
            env.Reset(seed: 11);
            Assert.Equal(0, env.RouteSpots.Start); // the route starts where the car stands
            int resets = 1, episodeSteps = 0;
            for (int step = 0; step < 100; step++)
            {
                var action = new NDArray<float>([2], [(float)rng.Uniform(-0.1, 0.1), (float)rng.Uniform(-0.3, 0.7)]);
                StepResult<DictObservation> result = env.Step(action);
                Assert.True(env.ObservationSpace.Contains(result.Observation));
                Assert.False(result.Info.ContainsKey(WorldConnectionLostException.InfoKey), string.Join("\n", logs));
                episodeSteps++;
                if (result.Terminated || result.Truncated)
                {
                    env.Reset();
                    Assert.Equal(0, env.RouteSpots.Start);
                    resets++;
                    episodeSteps = 0;
                }
            }

            Assert.Equal(0, world.ReusedFrames);
            Assert.Equal(0, world.MalformedMessages);
            Assert.Contains(logs, l => l.Contains("continues from where the car is", StringComparison.Ordinal));
        }

        running.Stop();
        Assert.InRange(publisher.PublishedFrames, 101, 1000);
    }

    private static void Drive(SeedStreamWorld world, List<(uint GameMs, float X, float Y, byte[] Rgb, VehicleControl Sent)> seen)
    {
        world.NewEpisode(Settings());
        world.StartEpisode(0);
        WorldFrame frame = world.ReadFrame();
        for (int i = 0; i < 200; i++)
        {
            var control = new VehicleControl(0.2f * MathF.Sin(i / 15f), 0.6f, 0f);
            PlayerMeasurements p = frame.Measurements.PlayerMeasurements;
            Assert.True(frame.TryGetSensor(DrivingEnv.CameraSensorName, out CameraImage image));
            seen.Add((frame.Measurements.GameTimestamp, p.Transform.Location.X, p.Transform.Location.Y, image.Rgb.ToArray(), control));
            world.SendControl(control);
            frame = world.ReadFrame();
        }
    }
}
