using System.Text.Json;
using CarlaDrl.Bridge.Tests.Security;
using CarlaDrl.TestKit;

namespace CarlaDrl.Bridge.Tests;

/// <summary>
/// Interop with real processes: a Python peer (pyzmq, msgpack, msgpack_numpy from Debian) that knows only
/// docs/bridge-protocol.md drives <c>carla-drl bridge</c> for a few hundred steps.
/// </summary>
public sealed class PythonPeerTests
{
    [Fact]
    public void A_python_peer_drives_a_bridge_process_and_gets_uint8_camera_arrays()
    {
        using BackgroundProcess bridge = BackgroundProcess.StartCli("bridge", "--bind", "tcp://127.0.0.1:0", "--seed", "3");
        string line = bridge.WaitForLine(l => l.StartsWith("bridge:", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        string endpoint = line.Split(' ').First(w => w.StartsWith("tcp://", StringComparison.Ordinal));

        string output = PyZmq.Run(PyZmq.Script("bridge_peer.py"), endpoint, "300");
        using JsonDocument json = JsonDocument.Parse(output.Trim().Split('\n')[^1]);
        JsonElement r = json.RootElement;
        Assert.Equal(1, r.GetProperty("protocol").GetInt32());
        Assert.Equal("embedded Town01", r.GetProperty("world").GetString());
        Assert.Equal("Town01", r.GetProperty("map").GetString());
        Assert.Equal(300, r.GetProperty("frames").GetInt32()); // one new frame per step, in order
        Assert.Equal("[[64,64,4]]", r.GetProperty("shapes").GetRawText());
        Assert.Equal("[\"uint8\"]", r.GetProperty("dtypes").GetRawText());
        Assert.Equal("[[16]]", r.GetProperty("lidar_channels").GetRawText());
        Assert.True(r.GetProperty("speed").GetDouble() > 3, output); // the throttle it sent moved the car (top speed, m/s)

        string closed = bridge.WaitForLine(l => l.Contains("closed by the trainer", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        Assert.Contains("300 steps", closed, StringComparison.Ordinal);
    }
}
