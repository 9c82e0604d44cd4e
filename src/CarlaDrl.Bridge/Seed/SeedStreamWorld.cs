using System.Diagnostics;
using CarlaDrl.Bridge.Protocol;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using NetMQ;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Seed;

/// <summary>
/// Seed compatibility mode: an <see cref="IDrivingWorld"/> fed by the original Python <c>carla_zmq_client.py</c>,
/// unchanged (seed-system.md §3, §4). A SUB connects to the client's observation PUB (port 5555) and a PUB binds the
/// action port (5556) the client's SUB connects to.
/// <para>
/// The seed protocol has no frame id, reset or handshake, so this world fixes what it can on its side (§12.1, §12.2):
/// latest-only delivery (every read drains the queue and keeps the newest message, counting the rest in
/// <see cref="DroppedFrames"/>); lockstep emulation (after <see cref="SendControl"/>, <see cref="ReadFrame"/> waits up
/// to <see cref="SeedStreamOptions.FrameWait"/> for an observation that arrived after the control went out); and no
/// invented observations: when none comes the previous one is returned again, counted in <see cref="ReusedFrames"/>
/// and logged, and after <see cref="SeedStreamOptions.Timeout"/> of silence <see cref="WorldConnectionLostException"/>
/// is thrown. The client never resets CARLA (§4), so this is an <see cref="IContinuingWorld"/>.
/// </para>
/// <para>Not thread-safe: one thread drives one world (NetMQ sockets belong to one thread at a time).</para>
/// </summary>
public sealed class SeedStreamWorld : IContinuingWorld
{
    private const uint CameraRgbId = 1;
    private const uint CameraDepthId = 2;
    private static readonly TimeSpan ReuseLogInterval = TimeSpan.FromSeconds(10);

    private readonly SeedStreamOptions _options;
    private readonly TownMap _town;
    private readonly SubscriberSocket _observations;
    private readonly PublisherSocket _actions;
    private readonly SeedObservationDecoder _decoder = new();
    private readonly SeedMessageWriter _writer = new();
    private readonly WorldFrame _frame = new();
    private readonly HashSet<string> _logged = new(StringComparer.Ordinal);
    private CameraImage? _rgb;
    private CameraImage? _depth;
    private byte[]? _pending;
    private long _pendingNumber;
    private bool _pendingAnswers;
    private bool _awaitingAnswer;
    private bool _hasFrame;
    private bool _hasScene;
    private double? _firstTimestamp;
    private long _lastMessageTicks;
    private long _lastReuseLogTicks;
    private int _warnedMissing;
    private bool _disposed;

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(60);
    private long _lastReportTicks = Stopwatch.GetTimestamp();

    public SeedStreamWorld(SeedStreamOptions? options = null)
    {
        _options = (options ?? new SeedStreamOptions()).Validate();
        BuiltInTowns.TryGet(_options.Town, out _town);
        _observations = new SubscriberSocket();
        _actions = new PublisherSocket();
        try
        {
            _observations.Options.ReceiveHighWatermark = _options.ReceiveHighWatermark;
            _observations.Options.Linger = TimeSpan.Zero;
            _observations.Connect(_options.ObservationEndpoint);
            _observations.SubscribeToAnyTopic();

            // NetMQ's default linger is 0 (ENVIRONMENT.md): without it the last action would die with the socket.
            _actions.Options.Linger = TimeSpan.FromMilliseconds(500);
            BindFailure.Bind(_actions, _options.ActionEndpoint, "the seed action publisher", "the seed client's action port (observation port + 1) must be free here: stop the other trainer, or use another port pair.");
        }
        catch
        {
            _observations.Dispose();
            _actions.Dispose();
            throw;
        }
    }

    public string Description => $"seed client {_options.ObservationEndpoint} (actions on {_options.ActionEndpoint})";

    /// <summary>Messages received from the client, well-formed or not; the frame number counts these.</summary>
    public long ReceivedFrames { get; private set; }

    /// <summary>Messages skipped because a newer one was already queued (latest-only).</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Reads after a control that returned the previous observation because no new one came within FrameWait.</summary>
    public long ReusedFrames { get; private set; }

    /// <summary>Messages that were not seed observations (each kind is logged once).</summary>
    public long MalformedMessages { get; private set; }

    /// <summary>
    /// The seed protocol cannot configure or reset CARLA (§3.1, §4): this checks that the settings ask for the one
    /// camera the client sends, notes once what cannot be applied, waits for an observation and describes a scene
    /// whose start spot 0 is the car's current pose, followed by the town's spots (goals for routes).
    /// </summary>
    public SceneDescription NewEpisode(EpisodeSettings settings)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        if (!settings.Sensors.Any(s => s is CameraDefinition { Name: "CameraRGB" }))
        {
            throw new InvalidSettingsException(
                "EpisodeSettings.Sensors has no camera named \"CameraRGB\"; the seed client sends only CameraRGB (and CameraDepth), so the task must read that camera.");
        }

        LogOnce("settings", $"seed protocol: CARLA's settings are fixed by carla_zmq_client.py (§4: 20 vehicles, 10 pedestrians, ClearNoon, 640×480 cameras resized to 64×64); " +
            $"weather {settings.WeatherId}, {settings.NumberOfVehicles} vehicles, {settings.NumberOfPedestrians} pedestrians, seeds and sensor sizes from the episode settings are not applied.");

        WaitForObservation();
        _hasScene = true;
        Transform here = _frame.Measurements.PlayerMeasurements.Transform;
        var spots = new List<Transform>(_town.StartSpots.Count + 1) { here };
        spots.AddRange(_town.StartSpots.Select(s => s.Transform));
        var sensors = new List<SensorInfo> { new(CameraRgbId, SensorType.Camera, "CameraRGB") };
        if (settings.Sensors.Any(s => s is CameraDefinition { Name: "CameraDepth" }))
        {
            sensors.Add(new SensorInfo(CameraDepthId, SensorType.Camera, "CameraDepth"));
        }

        return new SceneDescription(_town.Name, spots, sensors);
    }

    /// <summary>The car cannot be moved over the seed protocol: the episode continues from where the car is.</summary>
    public void StartEpisode(int playerStartIndex)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_hasScene)
        {
            throw new InvalidOperationException("No scene: call NewEpisode(settings) before StartEpisode.");
        }

        LogOnce("continuing", "seed protocol: the car cannot be placed; every episode continues from where the car is (start spot 0 = its current pose).");
        if (playerStartIndex != 0)
        {
            Log($"warning: start spot {playerStartIndex} was asked for, but the seed protocol cannot move the car; it starts where it stands (spot 0).");
        }
    }

    public WorldFrame ReadFrame()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_hasFrame)
        {
            throw new InvalidOperationException("No observation yet: call NewEpisode(settings) first; it waits for the client's first message.");
        }

        if (!_awaitingAnswer)
        {
            Drain();
            TakePending();
            return _frame;
        }

        if (Stopwatch.GetElapsedTime(_lastReportTicks) > ReportInterval)
        {
            _lastReportTicks = Stopwatch.GetTimestamp();
            Log(Counters());
        }

        long deadline = Stopwatch.GetTimestamp() + (long)(_options.FrameWait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            Drain();
            if (_pending is not null && _pendingAnswers && TakePending())
            {
                _awaitingAnswer = false;
                return _frame;
            }

            TimeSpan remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (Stopwatch.GetTimestamp() >= deadline || !Receive(remaining))
            {
                break;
            }
        }

        _awaitingAnswer = false;

        // Nothing answered the control in time: an observation that predates it is still newer than ours.
        TakePending();
        TimeSpan silence = Stopwatch.GetElapsedTime(_lastMessageTicks);
        if (silence >= _options.Timeout)
        {
            throw new WorldConnectionLostException(
                $"No observation from the seed client at {_options.ObservationEndpoint} for {silence.TotalSeconds:0.0} s; is carla_zmq_client.py running and publishing on that port, and is CARLA still sending frames?");
        }

        ReusedFrames++;
        if (ReusedFrames == 1 || Stopwatch.GetElapsedTime(_lastReuseLogTicks) >= ReuseLogInterval)
        {
            _lastReuseLogTicks = Stopwatch.GetTimestamp();
            Log($"warning: no new observation within {_options.FrameWait.TotalSeconds:0.###} s of the control; reusing the previous one ({ReusedFrames} reused so far, last message {silence.TotalSeconds:0.0} s ago).");
        }

        return _frame;
    }

    /// <summary>Publishes {steering, throttle, brake} as float64, exactly the seed's keys (§3.3).</summary>
    public void SendControl(in VehicleControl control)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        VehicleControl c = control.Clamped();
        if (c.HandBrake || c.Reverse)
        {
            LogOnce("handbrake", "warning: the seed protocol has no hand brake or reverse; those parts of the control are dropped.");
        }

        // Whatever is queued now was sent before this control: drain it first, so that what arrives later answers it.
        _awaitingAnswer = false;
        Drain();
        ArraySegment<byte> message = _writer.Action(c);
        _actions.SendFrame(message.Array!, message.Count); // offset 0: the writer's own array
        _awaitingAnswer = true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (ReceivedFrames > 0)
        {
            Log(Counters());
        }

        _actions.Dispose();
        _observations.Dispose();
    }

    /// <summary>The stream's counters in one line, for the run log.</summary>
    public string Counters() =>
        $"seed stream {_options.ObservationEndpoint}: {ReceivedFrames} frames received, {DroppedFrames} dropped (newer ones had arrived), {ReusedFrames} reused (nothing new in time), {MalformedMessages} malformed.";

    private void WaitForObservation()
    {
        Drain();
        TakePending();
        if (_hasFrame && Stopwatch.GetElapsedTime(_lastMessageTicks) < _options.Timeout)
        {
            return;
        }

        _hasFrame = false; // a frame older than Timeout no longer says where the car is
        long deadline = Stopwatch.GetTimestamp() + (long)(_options.Timeout.TotalSeconds * Stopwatch.Frequency);
        while (!_hasFrame)
        {
            TimeSpan remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero || !Receive(remaining))
            {
                throw new IOException(
                    $"No observation from the seed client at {_options.ObservationEndpoint} within {_options.Timeout.TotalSeconds:0.#} s; start carla_zmq_client.py " +
                    "(or `carla-drl bridge --protocol seed`) with CARLA running, and check that it publishes on that port (its zmq_port; actions go to port + 1).");
            }

            Drain();
            TakePending();
        }
    }

    /// <summary>Receives one message into the pending slot; a pending one it replaces counts as dropped.</summary>
    private bool Receive(TimeSpan wait)
    {
        if (!_observations.TryReceiveFrameBytes(ReceiveWait.Of(wait), out byte[]? bytes, out bool more))
        {
            return false;
        }

        ReceivedFrames++;
        _lastMessageTicks = Stopwatch.GetTimestamp();
        if (more)
        {
            // The seed sends single-frame messages (§3.1): discard the rest of a multipart one.
            while (more && _observations.TryReceiveFrameBytes(TimeSpan.FromSeconds(1), out _, out more))
            {
            }

            Malformed("multipart", "a multipart message arrived; the seed sends one msgpack map per single-frame message (§3.1).");
            return true;
        }

        if (_pending is not null)
        {
            DroppedFrames++;
        }

        _pending = bytes;
        _pendingNumber = ReceivedFrames;
        _pendingAnswers = _awaitingAnswer;
        return true;
    }

    private void Drain()
    {
        while (Receive(TimeSpan.Zero))
        {
        }
    }

    /// <summary>Decodes the pending message into the frame; false (and the frame unchanged) when none or malformed.</summary>
    private bool TakePending()
    {
        if (_pending is not byte[] message)
        {
            return false;
        }

        _pending = null;
        try
        {
            _decoder.Decode(message);
        }
        catch (SeedFormatException e)
        {
            Malformed(e.Kind, e.Message);
            return false;
        }

        Commit(_pendingNumber);
        return true;
    }

    private void Commit(long number)
    {
        SeedObservationDecoder d = _decoder;
        _firstTimestamp ??= d.Timestamp;
        Measurements m = _frame.Measurements;
        m.FrameNumber = (ulong)number;
        m.GameTimestamp = (uint)Math.Clamp(Math.Round((d.Timestamp - _firstTimestamp.Value) * 1000.0), 0, uint.MaxValue);
        m.PlatformTimestamp = unchecked((uint)(long)(d.Timestamp * 1000.0));
        PlayerMeasurements p = m.PlayerMeasurements;
        p.Transform = Transform.FromLocationRotation(d.Position, d.Rotation);
        p.ForwardSpeed = d.Velocity;
        p.Acceleration = d.Acceleration;
        p.CollisionVehicles = d.Optional[0];
        p.CollisionPedestrians = d.Optional[1];
        p.CollisionOther = d.Optional[2];
        p.IntersectionOtherLane = d.Optional[3];
        p.IntersectionOffRoad = d.Optional[4];
        p.AutopilotControl = VehicleControl.Neutral; // the seed sends no autopilot control
        if (d.MissingOptional != 0 && d.MissingOptional != _warnedMissing)
        {
            _warnedMissing = d.MissingOptional; // build the warning only when the set changes: no per-frame string
            string missing = string.Join(", ", SeedObservationDecoder.OptionalKeys.Where((_, k) => (d.MissingOptional & (1 << k)) != 0));
            LogOnce("missing " + missing, $"warning: the seed client sends no {missing} (a client older than seed commit 7dc879e, §3.2); they read as 0, so collisions and lane faults go unseen.");
        }

        _frame.ClearSensorData();
        _frame.AddSensorData(Fill(ref _rgb, d.Rgb, CameraRgbId, "CameraRGB", PostProcessing.SceneFinal, (ulong)number));
        if (d.Depth.Present)
        {
            _frame.AddSensorData(Fill(ref _depth, d.Depth, CameraDepthId, "CameraDepth", PostProcessing.Depth, (ulong)number));
        }

        _hasFrame = true;
    }

    private static CameraImage Fill(ref CameraImage? image, SeedImage source, uint id, string name, PostProcessing type, ulong frameNumber)
    {
        if (image is null || image.Width != source.Width || image.Height != source.Height)
        {
            image = new CameraImage(id, name, source.Width, source.Height, type, 90f); // the seed's cameras have FOV 90 (§4)
        }

        ReadOnlySpan<byte> rgb = source.Rgb;
        rgb.CopyTo(image.BeginWrite(frameNumber, rgbWritten: true));
        Span<byte> bgra = image.Bgra;
        for (int s = 0, d = 0; s < rgb.Length; s += 3, d += 4)
        {
            bgra[d] = rgb[s + 2];
            bgra[d + 1] = rgb[s + 1];
            bgra[d + 2] = rgb[s];
            bgra[d + 3] = 255;
        }

        return image;
    }

    private void Malformed(string kind, string message)
    {
        MalformedMessages++;
        LogOnce("malformed " + kind, $"warning: skipped a message from {_options.ObservationEndpoint} that is not a seed observation: {message} (each kind is logged once; {MalformedMessages} so far).");
    }

    private void LogOnce(string key, string message)
    {
        if (_logged.Add(key))
        {
            Log(message);
        }
    }

    private void Log(string message) => _options.Log?.Invoke(message);
}
