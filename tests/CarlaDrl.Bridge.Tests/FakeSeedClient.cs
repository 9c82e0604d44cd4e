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
    /// SUB connects are lost, §2), then lets the extra copies land and reads them away, so counters start clean.
    /// </summary>
    public void Prime(SeedStreamWorld world, byte[] first)
    {
        using var done = new CancellationTokenSource();
        Task publishing = Task.Run(() =>
        {
            while (!done.IsCancellationRequested)
            {
                _pub.SendFrame(first);
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

        Thread.Sleep(200);
        world.StartEpisode(0);
        world.ReadFrame();
    }

    public void Dispose()
    {
        _pub.Dispose();
        _sub.Dispose();
    }
}
