using System.Collections.Concurrent;
using System.Diagnostics;
using CarlaDrl.Carla.Client;
using CarlaDrl.Carla.Server;
using CarlaDrl.Carla.Settings;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using Wire = CarlaDrl.Carla.Protocol.Messages;
using CarlaDrl.TestKit;

namespace CarlaDrl.Carla.Tests;

/// <summary>The server against a bare peer: what the official client relies on (spec §14) and what bad clients do.</summary>
public sealed class ServerProtocolTests
{
    private static readonly string Ini = CarlaSettingsWriter.Write(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 2, Sensors = [new CameraDefinition("Cam") { ImageSizeX = 8, ImageSizeY = 6 }] });

    [Fact]
    public void Zero_length_start_and_control_work_and_P1_P2_listen_before_EpisodeReady()
    {
        (CarlaServer server, EmbeddedWorld world) = TestServers.StartInProcess();
        using (world)
        using (server)
        using (RawClient p = RawClient.Connect(server.Port))
        {
            p.Send(new Wire.RequestNewEpisode { IniFile = Ini });
            Wire.SceneDescription scene = p.Read(Wire.SceneDescription.Parser);
            Assert.Equal("Town01", scene.MapName);
            Assert.Single(scene.Sensors);
            p.SendRaw([0, 0, 0, 0]); // EpisodeStart{0}
            Assert.Equal("0801", Convert.ToHexStringLower(p.Reader.Read().ToArray()));

            // One attempt each, at once: no retry needed (the real server races here, spec §12.1).
            using RawClient stream = RawClient.Connect(server.Port + 1);
            using RawClient control = RawClient.Connect(server.Port + 2);
            Wire.Measurements first = stream.Read(Wire.Measurements.Parser);
            Assert.NotNull(first.PlayerMeasurements);
            ReadOnlySpan<byte> blob = stream.Reader.Read().Span;
            Assert.Equal(scene.Sensors[0].Id, BitConverter.ToUInt32(blob));
            Assert.Equal(4 + 24 + (4 * 8 * 6), blob.Length);
            Assert.True(stream.Reader.Read().IsEmpty); // the frame's terminator
            control.SendRaw([0, 0, 0, 0]); // a default Control
            Wire.Measurements second = stream.Read(Wire.Measurements.Parser);
            Assert.Equal(first.GameTimestamp + 100, second.GameTimestamp);
        }
    }

    [Fact]
    public void Without_a_control_the_tick_goes_on_after_the_timeout_with_the_previous_control()
    {
        var log = new ConcurrentQueue<string>();
        (CarlaServer server, EmbeddedWorld world) = TestServers.StartInProcess(log, TimeSpan.FromSeconds(1));
        using (world)
        using (server)
        using (RawClient p = RawClient.Connect(server.Port))
        {
            p.Send(new Wire.RequestNewEpisode { IniFile = Ini });
            p.Read(Wire.SceneDescription.Parser);
            p.Send(new Wire.EpisodeStart { PlayerStartSpotIndex = 2 });
            p.Reader.Read();
            using RawClient stream = RawClient.Connect(server.Port + 1);
            using RawClient control = RawClient.Connect(server.Port + 2);
            uint t0 = ReadFrame(stream).GameTimestamp;
            control.Send(new Wire.Control { Throttle = 1 });
            Wire.Measurements afterControl = ReadFrame(stream);
            var clock = Stopwatch.StartNew();
            Wire.Measurements afterTimeout = ReadFrame(stream); // no control sent: the server waits 1 s, then ticks
            Assert.True(clock.Elapsed > TimeSpan.FromMilliseconds(800), $"the server waited only {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal((t0 + 100, t0 + 200), (afterControl.GameTimestamp, afterTimeout.GameTimestamp));
            Assert.True(afterTimeout.PlayerMeasurements.ForwardSpeed > afterControl.PlayerMeasurements.ForwardSpeed, "the previous control (full throttle) is kept");
        }

        Assert.Contains(log, l => l.Contains("no control within 1 s; keeping the previous control", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("474554202f20485454502f312e310d0a0d0a", "exceeds the limit")] // HTTP: "GET " read as a length
    [InlineData("ffffffff", "exceeds the limit")] // an absurd length
    [InlineData("0a000000" + "0a0801", "closed inside a message")] // a truncated message, then the client leaves
    [InlineData("03000000" + "0a0501", "malformed protobuf")] // a length-delimited field longer than the message
    [InlineData("02000000" + "2a00", "neither RequestNewEpisode nor EpisodeStart")] // a well-formed message of another kind
    public void A_client_sending_garbage_is_dropped_with_a_clear_message_and_the_next_is_served(string hex, string expected)
    {
        var log = new ConcurrentQueue<string>();
        (CarlaServer server, EmbeddedWorld world) = TestServers.StartInProcess(log);
        using (world)
        using (server)
        {
            using (RawClient bad = RawClient.Connect(server.Port))
            {
                bad.SendRaw(Convert.FromHexString(hex));
                if (expected == "closed inside a message")
                {
                    bad.Dispose();
                }
                else
                {
                    Assert.True(bad.ClosedByPeer(TimeSpan.FromSeconds(10)), "the server should close a client that breaks the protocol");
                }
            }

            using CarlaWorld good = TestServers.Client(server.Port);
            good.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 1 });
            good.StartEpisode(1);
            good.ReadFrame();
            good.SendControl(new VehicleControl(0, 1, 0));
            Assert.True(good.ReadFrame().Measurements.GameTimestamp > 0);
        }

        Assert.Contains(log, l => l.StartsWith("error: client", StringComparison.Ordinal) && l.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_client_that_vanishes_mid_episode_is_logged_and_the_next_one_served()
    {
        var log = new ConcurrentQueue<string>();
        (CarlaServer server, EmbeddedWorld world) = TestServers.StartInProcess(log);
        using (world)
        using (server)
        {
            using (CarlaWorld first = TestServers.Client(server.Port))
            {
                first.NewEpisode(TestServers.FourSensors());
                first.StartEpisode(0);
                first.ReadFrame();
            }

            using CarlaWorld second = TestServers.Client(server.Port);
            second.NewEpisode(TestServers.FourSensors());
            second.StartEpisode(0);
            Assert.Equal(4, second.ReadFrame().SensorData.Count);
            Assert.Equal(2, server.ClientsServed);
        }
    }

    [Fact]
    public void A_port_in_use_fails_start_naming_the_port()
    {
        (CarlaServer first, EmbeddedWorld world) = TestServers.StartInProcess();
        using (world)
        using (first)
        using (var second = new CarlaServer(world, new CarlaServerOptions { Port = first.Port - 1 }))
        {
            var error = Assert.Throws<IOException>(second.Start);
            Assert.Contains($"{first.Port}", error.Message, StringComparison.Ordinal);
            Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_client_reports_no_server_clearly()
    {
        using var client = new CarlaWorld(new CarlaWorldOptions { Port = LoopbackPorts.Free(), ConnectAttempts = 2, RetryDelay = TimeSpan.FromMilliseconds(50) });
        var error = Assert.Throws<IOException>(() => client.NewEpisode(new EpisodeSettings()));
        Assert.Contains("failed to connect to the world port after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.IsNotType<WorldConnectionLostException>(error);
    }

    private static Wire.Measurements ReadFrame(RawClient stream)
    {
        Wire.Measurements m = stream.Read(Wire.Measurements.Parser);
        while (!stream.Reader.Read().IsEmpty)
        {
        }

        return m;
    }

}
