using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CarlaDrl.Bridge.Seed;
using CarlaDrl.Driving.World;
using CarlaDrl.TestKit;

namespace CarlaDrl.Bridge.Tests;

/// <summary>
/// SeedStreamWorld against a Python client that speaks the wire schema exactly as carla_zmq_client.py does
/// (Python/seed_publisher.py: pyzmq, msgpack.packb of nested lists, oldest-action receive). Needs Debian's
/// python3-zmq, python3-msgpack, python3-msgpack-numpy and python3-numpy.
/// </summary>
public sealed class SeedPythonPeerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public void An_unchanged_seed_client_feeds_the_world_and_gets_seed_actions()
    {
        int port = LoopbackPorts.FreePair();
        string script = Path.Combine(AppContext.BaseDirectory, "Python", "seed_publisher.py");
        using BackgroundProcess python = BackgroundProcess.Start(PythonPeer.Interpreter(), [script, port.ToString(CultureInfo.InvariantCulture), "120", "60"]);
        using var world = new SeedStreamWorld(new SeedStreamOptions { ObservationPort = port, FrameWait = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(20) });

        world.NewEpisode(SeedStreamWorldTests.Settings());
        world.StartEpisode(0);
        WorldFrame frame = world.ReadFrame();
        float firstX = frame.Measurements.PlayerMeasurements.Transform.Location.X;
        var clock = Stopwatch.StartNew();
        int steps = 0;
        while (!python.HasExited && clock.Elapsed < Deadline)
        {
            Assert.True(frame.TryGetSensor("CameraRGB", out CameraImage image));
            Assert.Equal((64, 64), (image.Width, image.Height));
            Assert.Equal(200, image.Rgb[2]); // blue of pixel (0, 0): the RGB camera, never the depth one
            world.SendControl(new VehicleControl(0.1f, 0.8f, 0f));
            try
            {
                frame = world.ReadFrame();
            }
            catch (WorldConnectionLostException) when (python.HasExited)
            {
                break; // the client finished while we waited
            }

            steps++;
        }

        Assert.True(python.WaitForExit(TimeSpan.FromSeconds(30)), python.Output);
        Assert.True(python.ExitCode == 0, python.Output);
        using JsonDocument report = JsonDocument.Parse(python.Output.Trim().Split('\n')[^1]);
        JsonElement r = report.RootElement;
        Assert.True(r.GetProperty("actions").GetInt32() >= 120, python.Output);
        Assert.Equal(["brake,steering,throttle"], r.GetProperty("key_sets").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, r.GetProperty("non_float_values").GetInt32());
        Assert.Equal(0.8, r.GetProperty("mean_throttle").GetDouble(), 6);

        Assert.True(world.ReceivedFrames >= 100, $"received {world.ReceivedFrames} in {steps} steps");
        Assert.Equal(0, world.MalformedMessages);
        Assert.True(frame.Measurements.PlayerMeasurements.Transform.Location.X > firstX + 10, "the car did not move along +x at the throttle we sent");
        Assert.True(frame.Measurements.PlayerMeasurements.ForwardSpeed > 7.9f);
        Assert.True(frame.TryGetSensor("CameraDepth", out CameraImage depth));
        Assert.Equal((2u, PostProcessing.Depth, (byte)7), (depth.SensorId, depth.ImageType, depth.Rgb[2]));
    }
}
