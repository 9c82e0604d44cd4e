using System.Diagnostics;
using CarlaDrl.Bridge.Protocol;
using CarlaDrl.Driving.World;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Seed;

/// <summary>
/// The CARLA side of the seed protocol, done right: hosts any <see cref="IDrivingWorld"/> and speaks exactly the
/// wire schema of carla_zmq_client.py (seed-system.md §3), so that a seed trainer, or our
/// <see cref="SeedStreamWorld"/>, can drive it. Differences from the seed client (§12): it binds loopback unless told
/// otherwise; in <see cref="SeedPublisherOptions.Lockstep"/> mode each observation waits for the action that answers
/// it and takes the newest queued action rather than the oldest; it counts what it did instead of printing emoji.
/// Not thread-safe: <see cref="Run"/> owns the sockets while it runs; dispose after it returns.
/// </summary>
public sealed class SeedPublisher : IDisposable
{
    private readonly IDrivingWorld _world;
    private readonly EpisodeSettings _settings;
    private readonly SeedPublisherOptions _options;
    private readonly PublisherSocket _observations;
    private readonly SubscriberSocket _actions;
    private readonly SeedMessageWriter _writer = new();
    private readonly HashSet<string> _logged = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Binds and connects now, so a port already in use fails here rather than in <see cref="Run"/>.</summary>
    public SeedPublisher(IDrivingWorld world, EpisodeSettings settings, SeedPublisherOptions? options = null)
    {
        _world = world ?? throw new ArgumentNullException(nameof(world));
        _settings = (settings ?? throw new ArgumentNullException(nameof(settings))).Validate();
        _options = (options ?? new SeedPublisherOptions()).Validate();
        _observations = new PublisherSocket();
        _actions = new SubscriberSocket();
        try
        {
            _observations.Options.Linger = TimeSpan.FromMilliseconds(500); // the last observation must not die with the socket
            BindFailure.Bind(_observations, _options.ObservationBind, "the seed observation publisher", "carla_zmq_client.py's port 5555 must be free here: stop the other publisher, or pick another with --bind.");
            _actions.Options.Linger = TimeSpan.Zero;
            _actions.Connect(_options.ActionEndpoint);
            _actions.SubscribeToAnyTopic();
        }
        catch
        {
            _observations.Dispose();
            _actions.Dispose();
            throw;
        }
    }

    /// <summary>Observations published.</summary>
    public long PublishedFrames { get; private set; }

    /// <summary>Action messages received and understood.</summary>
    public long ReceivedActions { get; private set; }

    /// <summary>Actions superseded by a newer one before they were applied.</summary>
    public long SkippedActions { get; private set; }

    /// <summary>Frames that got the neutral control because no action came (within ActionWait in lockstep mode).</summary>
    public long MissedActions { get; private set; }

    /// <summary>Action messages that were not a map of numbers (skipped).</summary>
    public long MalformedActions { get; private set; }

    /// <summary>
    /// Starts one episode (the seed never starts another, §4) and publishes frames until <paramref name="cancellation"/>
    /// fires or <see cref="SeedPublisherOptions.MaxFrames"/> are out. Timestamps are the Unix time at the start plus
    /// the world's game time: they read like the seed's <c>time.time()</c> but advance with the simulation, so a
    /// paused lockstep world does not age.
    /// </summary>
    public void Run(CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _world.NewEpisode(_settings);
        _world.StartEpisode(_options.StartIndex);
        double epoch = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        while (!cancellation.IsCancellationRequested && (_options.MaxFrames is not long max || PublishedFrames < max))
        {
            WorldFrame frame = _world.ReadFrame();

            // Actions queued now answered earlier observations: in lockstep only one sent after this frame counts.
            VehicleControl? late = _options.Lockstep ? TakeNewestAction(TimeSpan.Zero, cancellation) : null;
            ArraySegment<byte> message = _writer.Observation(frame, epoch + (frame.Measurements.GameTimestamp / 1000.0));
            _observations.SendFrame(message.Array!, message.Count); // offset 0: the writer's own array
            PublishedFrames++;
            _options.Published?.Invoke(PublishedFrames, frame);

            VehicleControl? action = _options.Lockstep ? TakeNewestAction(_options.ActionWait, cancellation) : TakeOldestAction();
            if (late is not null)
            {
                SkippedActions++;
            }

            if (action is null)
            {
                MissedActions++;
            }

            VehicleControl control = action ?? VehicleControl.Neutral;
            _options.Applied?.Invoke(PublishedFrames, control);
            _world.SendControl(control);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _observations.Dispose();
        _actions.Dispose();
    }

    /// <summary>Waits up to <paramref name="wait"/> for an action, then drains the queue and keeps the newest.</summary>
    private VehicleControl? TakeNewestAction(TimeSpan wait, CancellationToken cancellation)
    {
        VehicleControl? newest = null;
        long deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (newest is null)
        {
            // Short slices so that cancellation is seen promptly.
            TimeSpan remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            TimeSpan slice = remaining < TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100);
            if (!_actions.TryReceiveFrameBytes(ReceiveWait.Of(slice), out byte[]? bytes))
            {
                if (remaining <= TimeSpan.Zero || cancellation.IsCancellationRequested)
                {
                    return null;
                }

                continue;
            }

            newest = Decode(bytes);
        }

        while (_actions.TryReceiveFrameBytes(TimeSpan.Zero, out byte[]? bytes))
        {
            if (Decode(bytes) is VehicleControl newer)
            {
                SkippedActions++;
                newest = newer;
            }
        }

        return newest;
    }

    /// <summary>The seed client's way (§3.3): one non-blocking receive, so the oldest queued action is applied.</summary>
    private VehicleControl? TakeOldestAction() =>
        _actions.TryReceiveFrameBytes(TimeSpan.Zero, out byte[]? bytes) ? Decode(bytes) : null;

    /// <summary>An action map as the seed client reads it (§3.3): missing throttle is 0.1; aggressive/speed_boost raise throttle.</summary>
    private VehicleControl? Decode(byte[] bytes)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            if (reader.NextMessagePackType != MessagePackType.Map)
            {
                throw new SeedFormatException("action not a map", $"an action is a msgpack {reader.NextMessagePackType}, not a map.");
            }

            double steer = 0, throttle = 0.1, brake = 0;
            bool boost = false;
            int count = reader.ReadMapHeader();
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> key = SeedObservationDecoder.ReadKey(ref reader);
                if (key.SequenceEqual("steering"u8))
                {
                    steer = SeedObservationDecoder.ReadNumber(ref reader, "steering");
                }
                else if (key.SequenceEqual("throttle"u8))
                {
                    throttle = SeedObservationDecoder.ReadNumber(ref reader, "throttle");
                }
                else if (key.SequenceEqual("brake"u8))
                {
                    brake = SeedObservationDecoder.ReadNumber(ref reader, "brake");
                }
                else if ((key.SequenceEqual("aggressive"u8) || key.SequenceEqual("speed_boost"u8)) && reader.NextMessagePackType == MessagePackType.Boolean)
                {
                    boost |= reader.ReadBoolean();
                }
                else
                {
                    reader.Skip();
                }
            }

            if (boost && throttle > 0)
            {
                throttle = Math.Min(Math.Max(throttle, 0.5) * 1.2, 1.0);
            }

            ReceivedActions++;
            return new VehicleControl((float)steer, (float)throttle, (float)brake).Clamped();
        }
        catch (Exception e) when (e is SeedFormatException or MessagePackSerializationException or EndOfStreamException or OverflowException)
        {
            MalformedActions++;
            if (_logged.Add(e is SeedFormatException f ? f.Kind : "invalid msgpack"))
            {
                _options.Log?.Invoke($"warning: skipped an action that is not a seed action map: {e.Message}");
            }

            return null;
        }
    }
}
