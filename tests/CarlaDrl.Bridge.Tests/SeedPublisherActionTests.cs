using System.Buffers;
using System.Collections.Concurrent;
using CarlaDrl.Bridge.Seed;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;
using CarlaDrl.TestKit;

namespace CarlaDrl.Bridge.Tests;

/// <summary>SeedPublisher reads actions as carla_zmq_client.py does (seed-system.md §3.3), from a raw trainer-side peer.</summary>
public sealed class SeedPublisherActionTests
{
    [Fact]
    public void Actions_are_read_with_the_seed_clients_defaults_boost_and_clamping()
    {
        int port = LoopbackPorts.FreePair();
        var applied = new ConcurrentQueue<VehicleControl>();
        using var embedded = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01", Seed = 1 });
        var settings = new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, Sensors = [new CameraDefinition("CameraRGB") { ImageSizeX = 16, ImageSizeY = 16 }] };
        using var publisher = new SeedPublisher(embedded, settings, new SeedPublisherOptions
        {
            ObservationBind = $"tcp://127.0.0.1:{port}",
            ActionWait = TimeSpan.FromMilliseconds(500),
            Applied = (_, c) => applied.Enqueue(c),
        });
        using var actions = new PublisherSocket();
        actions.Bind($"tcp://127.0.0.1:{port + 1}");
        using var observations = new SubscriberSocket();
        observations.Connect($"tcp://127.0.0.1:{port}");
        observations.SubscribeToAnyTopic();
        using var running = new PublisherThread(publisher);
        try
        {
            Assert.Equal(new VehicleControl(0.5f, 0.1f, 0f), Apply(observations, actions, applied, Map(("steering", 0.5)))); // throttle missing: 0.1
            Assert.Equal(new VehicleControl(0f, 0.6f, 0f), Apply(observations, actions, applied, Map(("throttle", 0.3), ("aggressive", true)))); // min(max(t, 0.5)·1.2, 1)
            Assert.Equal(new VehicleControl(1f, 1f, 0f), Apply(observations, actions, applied, Map(("steering", 2.0), ("throttle", 1.5), ("brake", -1.0))));
            long malformed = publisher.MalformedActions;
            actions.SendFrame(MessagePackSerializer.Serialize(new[] { 1, 2 }));
            Assert.True(SpinWait.SpinUntil(() => publisher.MalformedActions > malformed, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            running.Stop();
        }
    }

    /// <summary>Sends <paramref name="action"/> after each observation until the publisher applies a non-neutral control.</summary>
    private static VehicleControl Apply(SubscriberSocket observations, PublisherSocket actions, ConcurrentQueue<VehicleControl> applied, byte[] action)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            Assert.True(observations.TryReceiveFrameBytes(TimeSpan.FromSeconds(10), out _), "no observation from the publisher");
            applied.Clear();
            actions.SendFrame(action);
            Assert.True(observations.TryReceiveFrameBytes(TimeSpan.FromSeconds(10), out _), "no observation from the publisher");
            if (applied.TryDequeue(out VehicleControl c) && c != VehicleControl.Neutral)
            {
                return c;
            }
        }

        throw new InvalidOperationException("the publisher never applied the action");
    }

    private static byte[] Map(params (string Key, object Value)[] entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        w.WriteMapHeader(entries.Length);
        foreach ((string key, object value) in entries)
        {
            w.Write(key);
            if (value is bool b)
            {
                w.Write(b);
            }
            else
            {
                w.Write((double)value);
            }
        }

        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
