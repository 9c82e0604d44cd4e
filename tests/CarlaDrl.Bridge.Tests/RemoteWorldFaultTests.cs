using System.Collections.Concurrent;
using System.Diagnostics;
using CarlaDrl.Bridge.Client;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Tests;

/// <summary>Dead, silent, slow and restarted workers, seen from the trainer's side.</summary>
public sealed class RemoteWorldFaultTests
{
    private static readonly EpisodeSettings Plain = new() { NumberOfVehicles = 2, NumberOfPedestrians = 2, SeedVehicles = 4, SeedPedestrians = 5, Sensors = [new CameraDefinition("CameraRGB") { ImageSizeX = 16, ImageSizeY = 16 }] };

    [Fact]
    public void A_silent_worker_is_declared_down_after_the_heartbeat_timeout()
    {
        using var silent = new RouterSocket(); // accepts connections and messages, never answers: a hung worker
        silent.Options.Linger = TimeSpan.Zero;
        int port = silent.BindRandomPort("tcp://127.0.0.1");
        var log = new ConcurrentQueue<string>();
        using var remote = new RemoteWorld(new RemoteWorldOptions { Endpoint = $"tcp://127.0.0.1:{port}", HeartbeatTimeout = TimeSpan.FromSeconds(1), ConnectTimeout = TimeSpan.FromSeconds(1), Log = log.Enqueue });
        var clock = Stopwatch.StartNew();
        var e = Assert.Throws<IOException>(() => remote.NewEpisode(Plain));
        Assert.Contains("No bridge worker answered", e.Message, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.9, 5);
    }

    [Fact]
    public void A_worker_killed_between_steps_is_detected_within_the_timeout_and_rejoins_with_a_fresh_episode()
    {
        var log = new ConcurrentQueue<string>();
        var first = new TestBridge();
        int port = first.Port;
        using var remote = new RemoteWorld(new RemoteWorldOptions { Endpoint = first.Endpoint, HeartbeatTimeout = TimeSpan.FromSeconds(1.5), Log = log.Enqueue });
        remote.NewEpisode(Plain);
        remote.StartEpisode(4);
        for (int i = 0; i < 20; i++)
        {
            remote.SendControl(new VehicleControl(0, 1, 0));
        }

        ulong before = remote.ReadFrame().Measurements.FrameNumber;
        first.Dispose(); // the worker is gone (its socket closed without a goodbye)

        var clock = Stopwatch.StartNew();
        var lost = Assert.Throws<WorldConnectionLostException>(() => remote.SendControl(new VehicleControl(0, 1, 0)));
        Assert.InRange(clock.Elapsed.TotalSeconds, 1.4, 4.0); // the heartbeat timeout (1.5 s), not forever
        Assert.False(lost.EpisodeRestarted);
        Assert.Throws<WorldConnectionLostException>(() => remote.ReadFrame()); // nothing stale is handed out
        Assert.Throws<WorldConnectionLostException>(() => remote.NewEpisode(Plain)); // still down: fails at once
        Assert.Equal(1, remote.Drops);

        using var second = new TestBridge(bind: $"tcp://127.0.0.1:{port}"); // back on the same port, a fresh world
        SceneDescription? scene = null;
        var deadline = Stopwatch.StartNew();
        while (scene is null && deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            try
            {
                scene = remote.NewEpisode(Plain);
            }
            catch (WorldConnectionLostException)
            {
                Thread.Sleep(50);
            }
        }

        Assert.NotNull(scene);
        remote.StartEpisode(4);
        WorldFrame frame = remote.ReadFrame();
        Assert.Equal(0u, frame.Measurements.GameTimestamp); // a new episode, not the continuation of the old one
        Assert.NotEqual(before + 1, frame.Measurements.FrameNumber);
        remote.SendControl(new VehicleControl(0, 1, 0));
        Assert.Equal(1, remote.Rejoins);
        Assert.Contains(log, l => l.Contains("lost while step", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("rejoined after", StringComparison.Ordinal));
    }

    [Fact]
    public void A_slow_episode_start_is_not_mistaken_for_a_dead_worker_thanks_to_busy_notices()
    {
        using var bridge = new TestBridge(world: new SlowWorld(new EmbeddedWorld(TestBridge.WorldOptions), TimeSpan.FromSeconds(2.5)));
        using RemoteWorld remote = bridge.Client(heartbeat: TimeSpan.FromSeconds(1));
        SceneDescription scene = remote.NewEpisode(Plain); // 2.5 s > 1 s heartbeat timeout
        Assert.NotEmpty(scene.PlayerStartSpots);
        remote.StartEpisode(0);
        remote.SendControl(new VehicleControl(0, 1, 0));
        Assert.Equal(0, remote.Drops);
    }

    [Fact]
    public void Without_busy_notices_a_slow_start_reads_as_dead_which_is_what_the_notices_prevent()
    {
        // The same slow world, asked without heartbeats by a raw peer: nothing comes back for the whole 2.5 s.
        using var bridge = new TestBridge(world: new SlowWorld(new EmbeddedWorld(TestBridge.WorldOptions), TimeSpan.FromSeconds(2.5)));
        using var peer = new RawPeer(bridge.Endpoint);
        peer.Send(("type", "hello"), ("seq", 1L), ("protocol", 1L), ("heartbeat_ms", 0L));
        Assert.Equal("hello", peer.Receive()["type"]);
        peer.Send(("type", "new_episode"), ("seq", 2L), ("settings", new Dictionary<string, object?>()));
        Assert.False(peer.TryReceive(TimeSpan.FromSeconds(1.5)));
        Assert.Equal("scene", peer.Receive()["type"]);
    }
}
