using CarlaDrl.Bridge.Host;
using CarlaDrl.Bridge.Protocol;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Bridge.Tests;

/// <summary>The worker answers bad input with error messages that name the problem, counts them, and keeps the session.</summary>
public sealed class BridgeServerProtocolTests
{
    private static (string, object?)[] Hello(long seq = 1, long protocol = BridgeProtocol.Version) =>
        [("type", "hello"), ("seq", seq), ("protocol", protocol), ("client", "raw test peer")];

    [Fact]
    public void Malformed_oversized_and_unknown_requests_get_errors_and_the_connection_survives()
    {
        using var bridge = new TestBridge(maxRequestBytes: 4096);
        using var peer = new RawPeer(bridge.Endpoint);

        peer.SendBytes([0xc1, 0x00, 0x13]); // not msgpack at all (0xc1 is never used)
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.Malformed, "not a msgpack map");

        peer.SendBytes(RawPeer.Pack(new() { ["seq"] = 4L })); // a map without a type
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.Malformed, "no 'type'");

        peer.SendBytes(new byte[10_000]); // larger than the 4 KB limit
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.TooLarge, "10000 bytes");

        peer.Send(("type", "step"), ("seq", 5L), ("control", new Dictionary<string, object?>()));
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.NoSession, "send a hello first");

        peer.Send(Hello(protocol: 99));
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.ProtocolVersion, "version 99");

        peer.Send(Hello(seq: 6));
        var hello = peer.Receive();
        Assert.Equal("hello", hello["type"]);
        Assert.Equal(6UL, Convert.ToUInt64(hello["seq"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("embedded Town01", hello["world"]);

        peer.Send(("type", "teleport"), ("seq", 7L));
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.UnknownType, "teleport");

        peer.Send(("type", "step"), ("seq", 8L), ("control", new Dictionary<string, object?> { ["steer"] = 0.1 }));
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.NoEpisode, "new_episode and start_episode");

        peer.Send(("type", "new_episode"), ("seq", 9L), ("settings", new Dictionary<string, object?> { ["weather"] = 3L }));
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.Malformed, "settings.weather is unknown");

        peer.Send(("type", "new_episode"), ("seq", 10L), ("settings", new Dictionary<string, object?> { ["weather_id"] = 99L }));
        AssertError(peer.Receive(), BridgeProtocol.ErrorCodes.InvalidSettings, "WeatherId = 99");

        // The same connection still works end to end.
        peer.Send(("type", "new_episode"), ("seq", 11L), ("settings", new Dictionary<string, object?> { ["number_of_vehicles"] = 0L, ["number_of_pedestrians"] = 0L, ["sensors"] = new object[] { new Dictionary<string, object?> { ["type"] = "camera", ["name"] = "CameraRGB", ["image_size"] = new object[] { 64L, 64L } } } }));
        Assert.Equal("scene", peer.Receive()["type"]);
        peer.Send(("type", "start_episode"), ("seq", 12L), ("player_start_index", 2L));
        Assert.Equal("frame", peer.Receive()["type"]);
        peer.Send(("type", "step"), ("seq", 13L), ("control", new Dictionary<string, object?> { ["steer"] = 0.0, ["throttle"] = 1.0 }));
        var frame = peer.Receive();
        Assert.Equal("frame", frame["type"]);
        Assert.Equal(1UL, Convert.ToUInt64(frame["episode"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(1, bridge.Server.Steps);
        Assert.Equal(3, bridge.Server.Malformed);
        Assert.Equal(9, bridge.Server.Errors);
    }

    [Fact]
    public void Binding_a_port_that_is_taken_fails_naming_the_endpoint_the_cause_and_the_remedy()
    {
        using var first = new TestBridge();
        using var world = new EmbeddedWorld(TestBridge.WorldOptions);
        IOException e = Assert.Throws<IOException>(() => new BridgeServer(world, new BridgeServerOptions { Bind = first.Endpoint }));
        Assert.Contains($"Cannot bind the bridge to {first.Endpoint}: the port is already in use", e.Message, StringComparison.Ordinal);
        Assert.Contains("--bind", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception of type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_trainer_takes_over_and_the_old_one_learns_it_lost_its_session()
    {
        using var bridge = new TestBridge();
        using var first = bridge.Client();
        first.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 1 });
        first.StartEpisode(0);
        first.SendControl(new VehicleControl(0, 1, 0));

        using var second = bridge.Client();
        second.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 2, SeedPedestrians = 2 });
        second.StartEpisode(1);
        Assert.Equal(2u, second.Session);

        var lost = Assert.Throws<WorldConnectionLostException>(() => first.SendControl(new VehicleControl(0, 1, 0)));
        Assert.Contains("does not know this session", lost.Message, StringComparison.Ordinal);
        Assert.Equal(1, first.Drops);
        second.SendControl(new VehicleControl(0, 1, 0)); // the new trainer is unaffected
        Assert.Equal(2, bridge.Server.Sessions);
    }

    private static void AssertError(Dictionary<object, object?> reply, string code, string text)
    {
        Assert.Equal("error", reply["type"]);
        Assert.Equal(code, reply["code"]);
        Assert.Contains(text, (string)reply["message"]!, StringComparison.Ordinal);
    }
}
