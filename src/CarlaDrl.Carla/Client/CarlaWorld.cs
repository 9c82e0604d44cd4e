using System.Buffers.Binary;
using System.Diagnostics;
using CarlaDrl.Carla.Protocol;
using CarlaDrl.Carla.Sensors;
using CarlaDrl.Carla.Settings;
using CarlaDrl.Driving.World;
using Google.Protobuf;
using Wire = CarlaDrl.Carla.Protocol.Messages;

namespace CarlaDrl.Carla.Client;

/// <summary>
/// A CARLA 0.8.4 server as an <see cref="IDrivingWorld"/>: a native client of the three-port protocol (spec §2–§8)
/// that behaves like the official Python client (§13). <see cref="NewEpisode"/> connects the world port (10 tries,
/// 1 s apart), sends <c>RequestNewEpisode</c> with the settings as the Python client writes them and reads the
/// <c>SceneDescription</c>; <see cref="StartEpisode"/> sends <c>EpisodeStart</c>, waits for <c>EpisodeReady</c>, then
/// connects P+1 and P+2. P+1 and P+2 are closed before every new request. Frames are decoded into reused buffers;
/// blobs are matched to sensors by id, in any order, and unknown ids are skipped.
/// <para>
/// Synchronous mode is lockstep: <see cref="ReadFrame"/> returns frame N (again, if called twice), and
/// <see cref="SendControl"/> sends control N, which makes the server tick once. A dropped connection surfaces as a
/// <see cref="WorldConnectionLostException"/>; see <see cref="CarlaWorldOptions.RecoveryTimeout"/>.
/// </para>
/// Not thread-safe: one thread drives one world.
/// </summary>
public sealed class CarlaWorld : IDrivingWorld
{
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(8);

    private readonly CarlaWorldOptions _options;
    private readonly WorldFrame _frame = new();
    private readonly Dictionary<uint, SensorSlot> _sensors = [];
    private readonly HashSet<uint> _unknownIds = [];
    private readonly Wire.Control _controlMessage = new();
    private readonly CancellationTokenSource _disposed = new();
    private TcpChannel? _world;
    private TcpChannel? _stream;
    private TcpChannel? _control;
    private EpisodeSettings? _settings;
    private string? _ini;
    private bool _requestPending;
    private bool _episodeRunning;
    private bool _frameRead;
    private bool _everConnected;
    private int _startIndex;

    public CarlaWorld(CarlaWorldOptions? options = null)
    {
        _options = (options ?? new CarlaWorldOptions()).Validate();
    }

    public string Description => $"carla://{_options.Host}:{_options.Port}";

    public CarlaWorldOptions Options => _options;

    /// <summary>The scene of the last <see cref="NewEpisode"/> (or of a recovery), as the server described it.</summary>
    public SceneDescription? Scene { get; private set; }

    /// <summary>How many times the client reconnected after a lost connection.</summary>
    public int Reconnections { get; private set; }

    /// <exception cref="InvalidSettingsException">invalid settings, or a sensor CARLA cannot provide (a bird's-eye view).</exception>
    /// <exception cref="IOException">no server answers (after the connection attempts), or the server broke the protocol.</exception>
    public SceneDescription NewEpisode(EpisodeSettings settings)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        ArgumentNullException.ThrowIfNull(settings);
        string ini = CarlaSettingsWriter.Write(settings);
        _settings = settings;
        _ini = ini;
        _episodeRunning = false;
        return WithRecovery("requesting a new episode", () => RequestNewEpisode(ini));
    }

    public void StartEpisode(int playerStartIndex)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (_ini is null)
        {
            throw new InvalidOperationException("No settings loaded: call NewEpisode(settings) before StartEpisode.");
        }

        if (playerStartIndex < 0 || (Scene is not null && playerStartIndex >= Scene.PlayerStartSpots.Count))
        {
            Log($"start index {playerStartIndex} is out of range 0..{(Scene?.PlayerStartSpots.Count ?? 1) - 1}; the server uses 0 (as CARLA does).");
        }

        _startIndex = playerStartIndex;
        WithRecovery("starting the episode", () =>
        {
            if (!_requestPending)
            {
                RequestNewEpisode(_ini); // as the Python client: a start without a pending request repeats the request
            }

            return StartEpisodeCore(_startIndex);
        });
    }

    public WorldFrame ReadFrame()
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        EnsureRunning();
        if (_frameRead && _settings!.SynchronousMode)
        {
            return _frame; // lockstep: frame N until control N is sent
        }

        try
        {
            ReadFrameCore();
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw Lost("reading a frame", e);
        }

        _frameRead = true;
        return _frame;
    }

    public void SendControl(in VehicleControl control)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        EnsureRunning();
        if (!_frameRead && _settings!.SynchronousMode)
        {
            ReadFrame(); // control N answers frame N; take it off the stream first
        }

        WireConvert.Fill(_controlMessage, control);
        try
        {
            _control!.Writer.Write(_controlMessage);
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw Lost("sending a control", e);
        }

        _frameRead = false;
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        _disposed.Cancel();
        CloseAll();
        _disposed.Dispose();
    }

    private SceneDescription RequestNewEpisode(string ini)
    {
        EnsureConnected();
        CloseAgentChannels();
        _world!.Writer.Write(new Wire.RequestNewEpisode { IniFile = ini });
        ReadOnlyMemory<byte> body = _world.Reader.Read();
        if (body.IsEmpty)
        {
            throw new CarlaProtocolException($"{_world.Name}: the server answered RequestNewEpisode with an empty SceneDescription.");
        }

        Wire.SceneDescription message = Wire.SceneDescription.Parser.ParseFrom(body.Span);
        SceneDescription scene = WireConvert.FromMessage(message);
        if (scene.PlayerStartSpots.Count == 0)
        {
            throw new CarlaProtocolException($"{_world.Name}: the SceneDescription lists no player start spots.");
        }

        _sensors.Clear();
        _unknownIds.Clear();
        foreach (SensorInfo sensor in scene.Sensors)
        {
            if (sensor.Type == SensorType.Unknown)
            {
                Log($"sensor '{sensor.Name}' (id {sensor.Id:x8}) has an unknown type; its data is skipped.");
            }

            _sensors[sensor.Id] = new SensorSlot(sensor);
        }

        _requestPending = true;
        Scene = scene;
        return scene;
    }

    private bool StartEpisodeCore(int index)
    {
        try
        {
            _world!.Writer.Write(new Wire.EpisodeStart { PlayerStartSpotIndex = index < 0 ? 0u : (uint)index });
            ReadOnlyMemory<byte> body = _world.Reader.Read();
            if (body.IsEmpty)
            {
                throw new CarlaProtocolException($"{_world.Name}: the server answered EpisodeStart with an empty EpisodeReady.");
            }

            if (!Wire.EpisodeReady.Parser.ParseFrom(body.Span).Ready)
            {
                throw new CarlaProtocolException($"{_world.Name}: cannot start episode: server failed to start episode (EpisodeReady.ready = false).");
            }
        }
        finally
        {
            _requestPending = false;
        }

        // Only now, and in this order (spec §2); the real server starts listening about when it sends EpisodeReady.
        _stream = Connect(_options.Port + 1, "stream port", _options.ConnectAttempts);
        _control = Connect(_options.Port + 2, "control port", _options.ConnectAttempts);
        _episodeRunning = true;
        _frameRead = false;
        return true;
    }

    private void ReadFrameCore()
    {
        MessageReader reader = _stream!.Reader;
        _stream.SpinUntilReadable(_options.ReadSpin);
        ReadOnlyMemory<byte> body = reader.Read();
        if (body.IsEmpty)
        {
            throw new CarlaProtocolException($"{_stream.Name}: an empty message where Measurements was expected.");
        }

        Wire.Measurements message = Wire.Measurements.Parser.ParseFrom(body.Span);
        Measurements measurements = _frame.Measurements;
        WireConvert.CopyTo(message, measurements);
        _frame.ClearSensorData();
        while (true)
        {
            body = reader.Read();
            if (body.IsEmpty)
            {
                return; // the frame's terminator
            }

            ReadOnlySpan<byte> blob = body.Span;
            if (blob.Length < 4)
            {
                throw new CarlaProtocolException($"{_stream.Name}: a {blob.Length}-byte sensor message has no room for a sensor id.");
            }

            uint id = BinaryPrimitives.ReadUInt32LittleEndian(blob);
            if (!_sensors.TryGetValue(id, out SensorSlot? slot) || slot.Info.Type == SensorType.Unknown)
            {
                if (_unknownIds.Add(id))
                {
                    Log($"skipping data of unknown sensor id {id:x8}.");
                }

                continue;
            }

            SensorData data;
            if (slot.Info.Type == SensorType.Camera)
            {
                // Colour images usually become observations: their RGB view is built now, with SIMD, not lazily.
                uint type = blob.Length >= 24 ? BinaryPrimitives.ReadUInt32LittleEndian(blob[20..]) : 0;
                bool colour = CameraBlob.ImageTypeOf(type) is PostProcessing.SceneFinal or PostProcessing.None;
                data = CameraBlob.Decode(blob[4..], id, slot.Info.Name, slot.Data as CameraImage, convertRgb: colour);
            }
            else
            {
                LidarMeasurement scan = LidarBlob.Decode(blob[4..], id, slot.Info.Name, slot.Data as LidarMeasurement);
                scan.FrameNumber = FullFrameNumber(scan.FrameNumber, measurements.FrameNumber);
                data = scan;
            }

            slot.Data = data;
            _frame.AddSensorData(data);
        }
    }

    /// <summary>The lidar's 16 valid frame bits (spec §12.4) widened with the frame's own number: the latest frame ≤ it with those bits.</summary>
    private static ulong FullFrameNumber(ulong low16, ulong frame)
    {
        ulong candidate = (frame & ~LidarBlob.FrameNumberMask) | low16;
        return candidate > frame && candidate > LidarBlob.FrameNumberMask ? candidate - (LidarBlob.FrameNumberMask + 1) : candidate;
    }

    private void EnsureConnected()
    {
        if (_world is not null)
        {
            return;
        }

        _world = Connect(_options.Port, "world port", _options.ConnectAttempts);
        _everConnected = true;
        if (_options.ThrowAwayFirstEpisode)
        {
            // The benchmark's workaround for the start-spot order of the first scene (spec §12.2).
            Log("connected; running the throw-away first episode (default settings, start spot 0).");
            RequestNewEpisode(CarlaSettingsWriter.Write(new EpisodeSettings()));
            StartEpisodeCore(0);
            _episodeRunning = false;
        }
    }

    private TcpChannel Connect(int port, string role, int attempts) =>
        TcpChannel.Connect(_options.Host, port, role, _options.Timeout, attempts, _options.RetryDelay, _options.MaxMessageBytes, _disposed.Token);

    /// <summary>
    /// Runs an episode call; when the connection fails on a world that worked before, reconnects with back-off for up
    /// to <see cref="CarlaWorldOptions.RecoveryTimeout"/> and tries again.
    /// </summary>
    private T WithRecovery<T>(string what, Func<T> action)
    {
        bool wasConnected = _everConnected;
        try
        {
            return action();
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            CloseAll();
            if (!wasConnected && !_everConnected)
            {
                throw new IOException($"Cannot reach the CARLA server at {Description} while {what}: {e.Message}", e);
            }

            if (!TryRecover(action, out T result, out Exception? last))
            {
                throw new WorldConnectionLostException($"The connection to {Description} was lost while {what}, and reconnecting failed for {_options.RecoveryTimeout.TotalSeconds:0} s: {last?.Message ?? e.Message}", false, last ?? e);
            }

            return result;
        }
    }

    private WorldConnectionLostException Lost(string what, Exception cause)
    {
        _episodeRunning = false;
        CloseAll();
        Log($"connection lost while {what}: {cause.Message}");
        bool restarted = TryRecover(
            () =>
            {
                RequestNewEpisode(_ini!);
                return StartEpisodeCore(_startIndex);
            },
            out _,
            out Exception? last);
        return restarted
            ? new WorldConnectionLostException($"The connection to {Description} was lost while {what} ({cause.Message}); reconnected and started a new episode at start spot {_startIndex}.", true, cause)
            : new WorldConnectionLostException($"The connection to {Description} was lost while {what} ({cause.Message}); reconnecting failed: {last?.Message}. The next NewEpisode tries again.", false, last ?? cause);
    }

    private bool TryRecover<T>(Func<T> action, out T result, out Exception? last)
    {
        result = default!;
        last = null;
        if (_options.RecoveryTimeout <= TimeSpan.Zero)
        {
            return false;
        }

        var clock = Stopwatch.StartNew();
        TimeSpan delay = _options.RetryDelay > TimeSpan.Zero ? _options.RetryDelay : TimeSpan.FromMilliseconds(250);
        while (!_disposed.IsCancellationRequested)
        {
            try
            {
                result = action();
                Reconnections++;
                Log($"reconnected to {Description} after {clock.Elapsed.TotalSeconds:0.0} s.");
                return true;
            }
            catch (Exception e) when (IsConnectionFailure(e))
            {
                last = e;
                CloseAll();
                if (clock.Elapsed + delay > _options.RecoveryTimeout)
                {
                    return false;
                }

                _disposed.Token.WaitHandle.WaitOne(delay);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackOff.Ticks));
            }
        }

        return false;
    }

    private static bool IsConnectionFailure(Exception e) =>
        e is IOException or TimeoutException or System.Net.Sockets.SocketException or ObjectDisposedException or InvalidProtocolBufferException;

    private void EnsureRunning()
    {
        if (!_episodeRunning)
        {
            throw new InvalidOperationException("No episode is running: call NewEpisode(settings) and StartEpisode(index) first.");
        }
    }

    private void CloseAgentChannels()
    {
        _control?.Dispose();
        _control = null;
        _stream?.Dispose();
        _stream = null;
    }

    private void CloseAll()
    {
        CloseAgentChannels();
        _world?.Dispose();
        _world = null;
        _requestPending = false;
    }

    private void Log(string message) => _options.Log?.Invoke(message);
}
