using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary><c>carla-drl health</c> as a child process, against real servers, dead addresses and a taken port.</summary>
public sealed partial class HealthCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void Health_passes_against_a_running_serve_carla_and_bridge()
    {
        using BackgroundProcess server = BackgroundProcess.StartCli("serve-carla", "--port", "0");
        using BackgroundProcess bridge = BackgroundProcess.StartCli("bridge", "--bind", "tcp://127.0.0.1:0");
        int carlaPort = int.Parse(CarlaPort().Match(server.WaitForLine(l => l.StartsWith("serve-carla:", StringComparison.Ordinal), Timeout)).Groups[1].Value, CultureInfo.InvariantCulture);
        int bridgePort = BridgeCliTests.PortOf(bridge);

        ProcessResult result = ChildProcess.RunCli(Timeout, "health", "--carla", $"127.0.0.1:{carlaPort}", "--bridge", $"tcp://127.0.0.1:{bridgePort}", "--runs-dir", Path.GetTempPath());
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"✅ carla 127.0.0.1:{carlaPort}: Town01: scene with", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"✅ bridge 127.0.0.1:{bridgePort}: hello from 'embedded Town01'", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("✅ torch: libtorch", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("healthy (", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Health_fails_with_the_remedy_when_the_servers_are_down_or_the_port_is_taken()
    {
        int down = LoopbackPorts.Free();
        var squatter = new TcpListener(IPAddress.Loopback, 0); // holds a port but speaks no protocol
        squatter.Start();
        int taken = ((IPEndPoint)squatter.LocalEndpoint).Port;
        try
        {
            ProcessResult result = ChildProcess.RunCli(Timeout, "health", "--carla", $"127.0.0.1:{down}", "--carla", $"127.0.0.1:{taken}", "--bridge", $"tcp://127.0.0.1:{down}", "--runs-dir", Path.GetTempPath());
            Assert.True(result.ExitCode == 1, result.ToString());
            string output = result.StandardOutput;
            Assert.Contains($"❌ carla 127.0.0.1:{down}: no CARLA handshake", output, StringComparison.Ordinal);
            Assert.Contains($"./carla-drl serve-carla --port {down}", output, StringComparison.Ordinal);
            Assert.Contains($"❌ bridge 127.0.0.1:{down}: no bridge hello", output, StringComparison.Ordinal);
            Assert.Contains($"./carla-drl bridge --bind tcp://127.0.0.1:{down}", output, StringComparison.Ordinal);
            Assert.Contains($"❌ carla 127.0.0.1:{taken}", output, StringComparison.Ordinal);
            Assert.Contains($"port {taken} is held by pid {Environment.ProcessId}", output, StringComparison.Ordinal); // this test process
            Assert.Contains("unhealthy: 3 required check(s) failed", output, StringComparison.Ordinal);
        }
        finally
        {
            squatter.Stop();
        }
    }

    [Fact]
    public void Health_json_lists_every_check_with_its_status()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "health", "--json", "--runs-dir", Path.GetTempPath());
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.StandardOutput);
        Assert.True(json.RootElement.GetProperty("healthy").GetBoolean());
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("ok", checks["torch"]);
        Assert.Equal("ok", checks["run directory"]);
        Assert.Contains(checks["cuda"], new[] { "ok", "warning" });
        Assert.True(checks.ContainsKey("port 2000") && checks.ContainsKey("port 5556"));
    }

    [GeneratedRegex(@":(\d+) \(P\+1")]
    private static partial Regex CarlaPort();
}
