using System.Collections.Concurrent;
using CarlaDrl.Bridge.Client;
using CarlaDrl.Bridge.Host;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Bridge.Tests;

/// <summary>An in-process bridge worker: an <see cref="EmbeddedWorld"/> behind a <see cref="BridgeServer"/> on a free loopback port, served on its own thread.</summary>
internal sealed class TestBridge : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public TestBridge(ConcurrentQueue<string>? log = null, IDrivingWorld? world = null, string bind = "tcp://127.0.0.1:0", int maxRequestBytes = 1 << 20)
    {
        World = world ?? new EmbeddedWorld(WorldOptions);
        Server = new BridgeServer(World, new BridgeServerOptions { Bind = bind, Log = log is null ? null : log.Enqueue, MaxRequestBytes = maxRequestBytes });
        _thread = new Thread(() => Server.Run(_stop.Token)) { IsBackground = true, Name = "test bridge" };
        _thread.Start();
    }

    public static EmbeddedWorldOptions WorldOptions => new() { Town = "Town01", SimulationHz = 10, Seed = 0 };

    public IDrivingWorld World { get; }

    public BridgeServer Server { get; }

    public string Endpoint => Server.Endpoint;

    public int Port => int.Parse(Endpoint[(Endpoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    public RemoteWorld Client(ConcurrentQueue<string>? log = null, TimeSpan? heartbeat = null) => new(new RemoteWorldOptions
    {
        Endpoint = Endpoint,
        Log = log is null ? null : log.Enqueue,
        HeartbeatTimeout = heartbeat ?? TimeSpan.FromSeconds(10),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    });

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        Server.Dispose();
        World.Dispose();
        _stop.Dispose();
    }
}
