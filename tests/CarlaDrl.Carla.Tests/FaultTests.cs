using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using CarlaDrl.Carla.Client;
using CarlaDrl.Driving.World;
using CarlaDrl.TestKit;

namespace CarlaDrl.Carla.Tests;

/// <summary>serve-carla as a real child process: crashes and restarts, bad clients, busy ports, Ctrl+C.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_server_killed_mid_episode_and_restarted_gets_a_new_episode_and_a_clear_signal()
    {
        (BackgroundProcess first, int port) = TestServers.StartServeCarla();
        BackgroundProcess? second = null;
        var log = new ConcurrentQueue<string>();
        try
        {
            using CarlaWorld client = TestServers.Client(port, log, recovery: TimeSpan.FromSeconds(120));
            client.NewEpisode(TestServers.FourSensors());
            client.StartEpisode(3);
            for (int i = 0; i < 10; i++)
            {
                client.ReadFrame();
                client.SendControl(new VehicleControl(0, 0.5f, 0));
            }

            first.Kill(); // as a crash: no goodbye on any socket
            Task<(BackgroundProcess, int)> restart = Task.Run(() =>
            {
                Thread.Sleep(300);
                return TestServers.StartServeCarla(port);
            });

            WorldConnectionLostException lost = Assert.Throws<WorldConnectionLostException>(() =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    client.ReadFrame();
                    client.SendControl(new VehicleControl(0, 0.5f, 0));
                }
            });
            (second, int restartedPort) = await restart;
            Assert.Equal(port, restartedPort);
            Assert.True(lost.EpisodeRestarted, lost.ToString());
            Assert.Equal(1, client.Reconnections);

            WorldFrame frame = client.ReadFrame();
            Assert.Equal(0u, frame.Measurements.GameTimestamp); // the new episode's first frame
            Assert.Equal(4, frame.SensorData.Count);
            var start = frame.Measurements.PlayerMeasurements.Transform.Location;
            for (int i = 0; i < 30; i++)
            {
                client.SendControl(new VehicleControl(0, 1, 0));
                frame = client.ReadFrame();
            }

            Assert.True((frame.Measurements.PlayerMeasurements.Transform.Location - start).Length > 3, "the new episode drives");

            // And the world is still usable the ordinary way.
            client.NewEpisode(TestServers.FourSensors(seed: 5));
            client.StartEpisode(0);
            Assert.Equal(0u, client.ReadFrame().Measurements.GameTimestamp);
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
        }

        Assert.Contains(log, l => l.StartsWith("connection lost while", StringComparison.Ordinal));
        Assert.Contains(log, l => l.StartsWith("reconnected to", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_clients_get_a_clear_error_and_serve_carla_keeps_serving()
    {
        (BackgroundProcess server, int port) = TestServers.StartServeCarla();
        using (server)
        {
            foreach (string hex in new[] { "ffffffff", "05000000" + "0a03", "03000000" + "0a0501" })
            {
                using RawClient bad = RawClient.Connect(port);
                bad.SendRaw(Convert.FromHexString(hex));
                if (hex.StartsWith("05", StringComparison.Ordinal))
                {
                    bad.Dispose(); // truncated: the client leaves mid-message
                }
                else
                {
                    Assert.True(bad.ClosedByPeer(TimeSpan.FromSeconds(10)), server.Output);
                }
            }

            using CarlaWorld good = TestServers.Client(port);
            good.NewEpisode(TestServers.FourSensors());
            good.StartEpisode(0);
            Assert.Equal(4, good.ReadFrame().SensorData.Count);
            server.WaitForLine(l => l.Contains("message length 4294967295 bytes", StringComparison.Ordinal) && l.Contains("exceeds the limit", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            server.WaitForLine(l => l.Contains("closed inside a message (2 of 5 bytes)", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
            server.WaitForLine(l => l.Contains("malformed protobuf message", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        }
    }

    [Fact]
    public void A_port_in_use_is_a_clear_error_naming_the_port()
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        int busy = ((IPEndPoint)occupant.LocalEndpoint).Port;
        ProcessResult result = ChildProcess.RunCli(TestServers.StartTimeout, "serve-carla", "--port", busy.ToString(CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"error: Cannot listen on 127.0.0.1:{busy} (world port): the port is already in use", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctrl_C_stops_serve_carla_cleanly()
    {
        (BackgroundProcess server, int port) = TestServers.StartServeCarla();
        using (server)
        {
            using (CarlaWorld client = TestServers.Client(port))
            {
                client.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0 });
                client.StartEpisode(0);
                client.ReadFrame();
            }

            using (var signal = System.Diagnostics.Process.Start("kill", ["-INT", server.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                signal.WaitForExit();
            }

            Assert.True(server.WaitForExit(TimeSpan.FromSeconds(20)), server.Output);
            Assert.Equal(0, server.ExitCode);
            Assert.Contains("serve-carla: stopped after 1 client(s), 2 episode(s)", server.Output, StringComparison.Ordinal);
        }
    }
}
