using CarlaDrl.Bridge.Seed;
using NetMQ;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Tests;

/// <summary>
/// The socket side of carla_zmq_client.py for unit tests: a PUB bound on the observation port and a SUB connected to
/// port + 1. Tests publish hand-built messages through it.
/// </summary>
internal sealed class FakeSeedClient : IDisposable
{
    private readonly PublisherSocket _pub = new();
    private readonly SubscriberSocket _sub = new();

    public FakeSeedClient(int port)
    {
        Port = port;
        _pub.Options.Linger = TimeSpan.FromMilliseconds(200);
        _pub.Bind($"tcp://127.0.0.1:{port}");
        _sub.Options.Linger = TimeSpan.Zero;
        _sub.Connect($"tcp://127.0.0.1:{port + 1}");
        _sub.SubscribeToAnyTopic();
    }

    public int Port { get; }

    public void Publish(byte[] message) => _pub.SendFrame(message);

    public byte[]? ReceiveAction(TimeSpan wait) => _sub.TryReceiveFrameBytes(wait, out byte[]? bytes) ? bytes : null;

    /// <summary>
    /// Publishes <paramref name="first"/> until <paramref name="world"/>'s NewEpisode has it (messages sent before the
    /// SUB connects are lost, §2), then a marked copy, and reads until the marked copy arrives: PUB/SUB keeps order,
    /// so no stray copy of the priming burst can reach a later read. The world's frame is then <paramref name="first"/>
    /// (with acceleration z = <see cref="Marker"/>).
    /// </summary>
    public void Prime(SeedStreamWorld world, SeedMessage first)
    {
        byte[] priming = first.Build();
        using var done = new CancellationTokenSource();
        Task publishing = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                _pub.SendFrame(priming);
                Thread.Sleep(20);
            }
        });
        try
        {
            world.NewEpisode(SeedStreamWorldTests.Settings());
        }
        finally
        {
            done.Cancel();
            Assert.True(publishing.Wait(TimeSpan.FromSeconds(10)));
        }

        world.StartEpisode(0);
        _pub.SendFrame((first with { Acceleration = [first.Acceleration[0], first.Acceleration[1], Marker] }).Build());
        Assert.True(
            SpinWait.SpinUntil(() => world.ReadFrame().Measurements.PlayerMeasurements.Acceleration.Z == (float)Marker, TimeSpan.FromSeconds(10)),
            "the marked priming message never arrived");
    }

    /// <summary>The acceleration z of the last priming message.</summary>
    public const double Marker = 12345.0;

    public void Dispose()
    {
        _pub.Dispose();
        _sub.Dispose();
    }
}
