using System.Diagnostics;
using CarlaDrl.Bridge.Protocol;
using CarlaDrl.Driving.World;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Host;

/// <summary>
/// Hosts one <see cref="IDrivingWorld"/> behind a ZeroMQ ROUTER socket and serves the bridge protocol
/// (docs/bridge-protocol.md) to one trainer at a time: a <c>hello</c> opens a session (a new trainer replaces a silent
/// one, so a trainer that dies leaves the worker waiting for the next); <c>new_episode</c>, <c>start_episode</c> and
/// <c>step</c> drive the world in lockstep. Malformed, oversized or out-of-order requests get an <c>error</c> reply
/// and are counted; the connection and the session survive. While a request takes long (a CARLA episode loading)
/// the server sends <c>busy</c> notices, so the trainer's heartbeat timeout measures liveness, not the world's speed.
/// <para>One thread (the caller of <see cref="Run"/>) owns the socket; long requests run the world on a pool thread
/// meanwhile, never two world calls at once.</para>
/// </summary>
public sealed class BridgeServer : IDisposable
{
    private const int MaxEnvelopeFrames = 8;
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly IDrivingWorld _world;
    private readonly BridgeServerOptions _options;
    private readonly RouterSocket _socket;
    private readonly MessageBuffer _out = new();
    private readonly byte[][] _envelope = new byte[MaxEnvelopeFrames][];
    private readonly int[] _envelopeLength = new int[MaxEnvelopeFrames];
    private byte[] _in = new byte[4096];
    private int _envelopeCount;
    private byte[]? _peer;
    private bool _episodeRunning;
    private bool _synchronous = true;
    private int _busyMilliseconds;
    private long _lastRequestTicks;
    private bool _disposed;

    public BridgeServer(IDrivingWorld world, BridgeServerOptions? options = null)
    {
        _world = world ?? throw new ArgumentNullException(nameof(world));
        _options = (options ?? new BridgeServerOptions()).Validate();
        for (int i = 0; i < MaxEnvelopeFrames; i++)
        {
            _envelope[i] = new byte[256];
        }

        _socket = new RouterSocket();
        try
        {
            _socket.Options.Linger = TimeSpan.FromSeconds(1); // queued replies still go out on dispose (ENVIRONMENT.md)
            _socket.Options.MaxMsgSize = Math.Max(64L << 20, (long)_options.MaxRequestBytes * 4); // hard cap: beyond it ZeroMQ drops the peer
            _options.ConfigureSocket?.Invoke(_socket);
            Endpoint = BindSocket(_socket, _options.Bind);
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            _socket.Dispose();
            throw new IOException($"Cannot bind the bridge to {_options.Bind}: {BindFailure.Describe(e)}. Pick another port with --bind, or stop what holds it (carla-drl health names the holder).", e);
        }
    }

    /// <summary>The bound endpoint, with the real port when the options asked for port 0.</summary>
    public string Endpoint { get; }

    /// <summary>Sessions opened (hellos accepted).</summary>
    public long Sessions { get; private set; }

    /// <summary>The current session number (0 before the first hello).</summary>
    public uint Session { get; private set; }

    /// <summary>Episodes started in the current session.</summary>
    public uint Episode { get; private set; }

    public long Steps { get; private set; }

    public long Requests { get; private set; }

    /// <summary>Error replies sent (all causes).</summary>
    public long Errors { get; private set; }

    /// <summary>Requests that were not valid protocol messages (malformed or too large).</summary>
    public long Malformed { get; private set; }

    /// <summary>Serves requests until <paramref name="cancellation"/> is cancelled.</summary>
    public void Run(CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var msg = default(Msg);
        msg.InitEmpty();
        try
        {
            while (!cancellation.IsCancellationRequested)
            {
                if (!Receive(ref msg))
                {
                    continue;
                }

                Requests++;
                _lastRequestTicks = Stopwatch.GetTimestamp();
                int size = msg.Size;
                if (size <= _options.MaxRequestBytes)
                {
                    if (_in.Length < size)
                    {
                        _in = new byte[Math.Max(size, 2 * _in.Length)];
                    }

                    msg.Slice().CopyTo(_in);
                }

                Handle(new ReadOnlyMemory<byte>(_in, 0, Math.Min(size, _options.MaxRequestBytes)), size);
            }
        }
        finally
        {
            msg.Close();
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
    }

    private static string BindSocket(RouterSocket socket, string bind)
    {
        Uri uri = new(bind.Replace("*", "0.0.0.0", StringComparison.Ordinal));
        if (uri.Scheme == "tcp" && uri.Port == 0)
        {
            int port = socket.BindRandomPort($"tcp://{uri.Host}");
            return $"tcp://{uri.Host}:{port}";
        }

        socket.Bind(bind);
        return bind;
    }

    /// <summary>Receives one request: its routing envelope (identity, and the empty delimiter of a REQ peer) and body.</summary>
    private bool Receive(ref Msg msg)
    {
        bool got = false;
        if (_options.SpinMicroseconds > 0)
        {
            long end = Stopwatch.GetTimestamp() + (_options.SpinMicroseconds * Stopwatch.Frequency / 1_000_000);
            while (!(got = _socket.TryReceive(ref msg, TimeSpan.Zero)) && Stopwatch.GetTimestamp() < end)
            {
                Thread.SpinWait(20);
            }
        }

        if (!got && !_socket.TryReceive(ref msg, PollInterval))
        {
            return false;
        }

        _envelopeCount = 0;
        while (msg.HasMore)
        {
            if (_envelopeCount < MaxEnvelopeFrames)
            {
                if (_envelope[_envelopeCount].Length < msg.Size)
                {
                    _envelope[_envelopeCount] = new byte[msg.Size];
                }

                msg.Slice().CopyTo(_envelope[_envelopeCount]);
                _envelopeLength[_envelopeCount++] = msg.Size;
            }

            _socket.Receive(ref msg);
        }

        return _envelopeCount > 0;
    }

    private void Handle(ReadOnlyMemory<byte> body, int size)
    {
        ulong seq = 0;
        string type = "";
        try
        {
            if (size > _options.MaxRequestBytes)
            {
                Malformed++;
                throw new BridgeProtocolException(BridgeProtocol.ErrorCodes.TooLarge, $"the request has {size} bytes; the limit is {_options.MaxRequestBytes} (--max-request-bytes).");
            }

            RequestHeader header;
            try
            {
                header = RequestHeader.Read(body, out seq);
            }
            catch (Exception e) when (e is BridgeProtocolException or MessagePackSerializationException or EndOfStreamException)
            {
                Malformed++;
                throw new BridgeProtocolException($"the request is not a msgpack map with a string 'type': {e.Message}");
            }

            type = header.Type;
            Dispatch(type, seq, body);
        }
        catch (BridgeProtocolException e)
        {
            ReplyError(seq, e.Code, e.Message, type);
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            Malformed++;
            ReplyError(seq, BridgeProtocol.ErrorCodes.Malformed, $"the '{type}' request is truncated or mistyped: {e.Message}", type);
        }
        catch (InvalidSettingsException e)
        {
            ReplyError(seq, BridgeProtocol.ErrorCodes.InvalidSettings, e.Message, type);
        }
        catch (WorldConnectionLostException e)
        {
            _episodeRunning = false;
            ReplyError(seq, BridgeProtocol.ErrorCodes.WorldConnectionLost, e.Message, type);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException)
        {
            ReplyError(seq, BridgeProtocol.ErrorCodes.WorldError, $"{_world.Description}: {e.Message}", type);
        }
    }

    private void Dispatch(string type, ulong seq, ReadOnlyMemory<byte> body)
    {
        if (type == BridgeProtocol.Types.Hello)
        {
            Hello(seq, body);
            return;
        }

        if (!IsPeer())
        {
            throw new BridgeProtocolException(BridgeProtocol.ErrorCodes.NoSession, "no session: send a hello first (this worker restarted, or another trainer took it over).");
        }

        switch (type)
        {
            case BridgeProtocol.Types.Step:
                Step(seq, body);
                break;
            case BridgeProtocol.Types.ReadFrame:
                RequireEpisode(type);
                ReplyFrame(seq, _world.ReadFrame());
                break;
            case BridgeProtocol.Types.NewEpisode:
                NewEpisode(seq, body);
                break;
            case BridgeProtocol.Types.StartEpisode:
                StartEpisode(seq, body);
                break;
            case BridgeProtocol.Types.Heartbeat:
                ReplyEmpty(BridgeProtocol.Types.Heartbeat, seq);
                break;
            case BridgeProtocol.Types.Close:
                ReplyEmpty(BridgeProtocol.Types.Bye, seq);
                Log($"session {Session} closed by the trainer after {Steps} steps in all; waiting for the next trainer.");
                _peer = null;
                break;
            default:
                throw new BridgeProtocolException(BridgeProtocol.ErrorCodes.UnknownType, $"unknown message type '{type}'; requests: hello, new_episode, start_episode, step, read_frame, heartbeat, close.");
        }
    }

    private void Hello(ulong seq, ReadOnlyMemory<byte> body)
    {
        var r = new MessagePackReader(body);
        int n = Wire.ReadMapHeader(ref r, "hello");
        long version = -1;
        int busy = 0;
        string client = "?";
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "protocol"u8))
            {
                version = Wire.ReadInt(ref r, "protocol");
            }
            else if (Wire.Is(key, "heartbeat_ms"u8))
            {
                busy = (int)Math.Clamp(Wire.ReadInt(ref r, "heartbeat_ms"), 0, 60_000);
            }
            else if (Wire.Is(key, "client"u8))
            {
                client = Wire.ReadText(ref r, "client");
            }
            else
            {
                r.Skip();
            }
        }

        if (version != BridgeProtocol.Version)
        {
            throw new BridgeProtocolException(BridgeProtocol.ErrorCodes.ProtocolVersion, $"protocol version {(version < 0 ? "missing" : version.ToString(System.Globalization.CultureInfo.InvariantCulture))}; this worker speaks version {BridgeProtocol.Version} (put \"protocol\": {BridgeProtocol.Version} in the hello).");
        }

        if (_peer is not null && !IsPeer())
        {
            Log($"a new trainer ({client}) replaces the one of session {Session}.");
        }

        _peer = _envelope[0].AsSpan(0, _envelopeLength[0]).ToArray();
        _busyMilliseconds = busy;
        _episodeRunning = false;
        Sessions++;
        Session++;
        Episode = 0;
        Log($"session {Session}: trainer '{client}' connected.");

        var w = _out.Start();
        w.WriteMapHeader(8);
        WriteHeader(ref w, BridgeProtocol.Types.Hello, seq);
        w.Write("protocol");
        w.Write(BridgeProtocol.Version);
        w.Write("server");
        w.Write("carla-drl bridge");
        w.Write("world");
        w.Write(_world.Description);
        w.Write("session");
        w.Write(Session);
        w.Write("capabilities");
        WriteCapabilities(ref w);
        w.Write("scene");
        w.WriteNil(); // known after new_episode (a CARLA server describes its scene only then)
        w.Flush();
        Send();
    }

    private void WriteCapabilities(ref MessagePackWriter w)
    {
        string? town = (_world as IMapAwareWorld)?.Town.Name;
        w.WriteMapHeader(4);
        w.Write("synchronous");
        w.Write(true);
        w.Write("sensors");
        w.WriteArrayHeader(town is null ? 2 : 3);
        w.Write("camera");
        w.Write("lidar");
        if (town is not null)
        {
            w.Write("bird_eye_view");
        }

        w.Write("map_aware");
        w.Write(town is not null);
        w.Write("town");
        if (town is null)
        {
            w.WriteNil();
        }
        else
        {
            w.Write(town);
        }
    }

    private void NewEpisode(ulong seq, ReadOnlyMemory<byte> body)
    {
        var r = new MessagePackReader(body);
        EpisodeSettings settings = Wire.Seek(ref r, "settings"u8, "new_episode") ? SettingsCodec.Read(ref r) : throw new BridgeProtocolException("new_episode has no 'settings' map.");
        settings.Validate();
        _episodeRunning = false;
        SceneDescription scene = Long(seq, () => _world.NewEpisode(settings));
        _synchronous = settings.SynchronousMode;
        var w = _out.Start();
        w.WriteMapHeader(3);
        WriteHeader(ref w, BridgeProtocol.Types.Scene, seq);
        w.Write("scene");
        SceneCodec.Write(ref w, scene);
        w.Flush();
        Send();
    }

    private void StartEpisode(ulong seq, ReadOnlyMemory<byte> body)
    {
        var r = new MessagePackReader(body);
        int index = Wire.Seek(ref r, "player_start_index"u8, "start_episode") ? (int)Wire.ReadInt(ref r, "player_start_index") : 0;
        _episodeRunning = false;
        WorldFrame frame = Long(seq, () =>
        {
            _world.StartEpisode(index);
            return _world.ReadFrame();
        });
        Episode++;
        _episodeRunning = true;
        ReplyFrame(seq, frame);
    }

    private void Step(ulong seq, ReadOnlyMemory<byte> body)
    {
        RequireEpisode(BridgeProtocol.Types.Step);
        var r = new MessagePackReader(body);
        VehicleControl c = Wire.Seek(ref r, "control"u8, "step") ? ControlCodec.ReadMap(ref r) : throw new BridgeProtocolException("step has no 'control' map.");
        _world.SendControl(c);
        WorldFrame frame = _world.ReadFrame();
        Steps++;
        ReplyFrame(seq, frame);
    }

    private void RequireEpisode(string type)
    {
        if (!_episodeRunning)
        {
            throw new BridgeProtocolException(BridgeProtocol.ErrorCodes.NoEpisode, $"{type}: no episode is running; send new_episode and start_episode first.");
        }
    }

    /// <summary>Runs a world call that may take long on a pool thread, sending <c>busy</c> notices meanwhile.</summary>
    private T Long<T>(ulong seq, Func<T> call)
    {
        if (_busyMilliseconds <= 0)
        {
            return call();
        }

        var clock = Stopwatch.StartNew();
        Task<T> task = Task.Run(call);
        // A wait handle, not Task.Wait: Task.Wait may run a task that has not started yet inline, on this thread, and
        // then no busy notice would go out (seen on a loaded machine).
        WaitHandle finished = ((IAsyncResult)task).AsyncWaitHandle;
        while (!finished.WaitOne(_busyMilliseconds))
        {
            var w = _out.Start();
            w.WriteMapHeader(3);
            WriteHeader(ref w, BridgeProtocol.Types.Busy, seq);
            w.Write("elapsed_ms");
            w.Write((long)clock.Elapsed.TotalMilliseconds);
            w.Flush();
            Send();
        }

        return task.IsFaulted ? throw task.Exception!.InnerException! : task.Result;
    }

    private void ReplyFrame(ulong seq, WorldFrame frame)
    {
        var w = _out.Start();
        w.WriteMapHeader(5 + FrameCodec.FieldCount);
        WriteHeader(ref w, BridgeProtocol.Types.Frame, seq);
        w.Write("session");
        w.Write(Session);
        w.Write("episode");
        w.Write(Episode);
        w.Write("synchronous");
        w.Write(_synchronous);
        FrameCodec.WriteFields(ref w, frame);
        w.Flush();
        Send();
    }

    private void ReplyEmpty(string type, ulong seq)
    {
        var w = _out.Start();
        w.WriteMapHeader(2);
        WriteHeader(ref w, type, seq);
        w.Flush();
        Send();
    }

    private void ReplyError(ulong seq, string code, string message, string requestType)
    {
        Errors++;
        if (Errors <= 20 || Errors % 1000 == 0)
        {
            Log($"error #{Errors} ({code}) answering '{requestType}' #{seq}: {message}");
        }

        var w = _out.Start();
        w.WriteMapHeader(5);
        WriteHeader(ref w, BridgeProtocol.Types.Error, seq);
        w.Write("code");
        w.Write(code);
        w.Write("message");
        w.Write(message);
        w.Write("request_type");
        w.Write(requestType);
        w.Flush();
        Send();
    }

    private static void WriteHeader(ref MessagePackWriter w, string type, ulong seq)
    {
        w.Write(BridgeProtocol.TypeKey);
        w.Write(type);
        w.Write(BridgeProtocol.SeqKey);
        w.Write(seq);
    }

    /// <summary>Sends the buffered message back along the envelope of the request being answered.</summary>
    private void Send()
    {
        for (int i = 0; i < _envelopeCount; i++)
        {
            _socket.SendFrame(_envelope[i], _envelopeLength[i], more: true);
        }

        ArraySegment<byte> body = _out.Written;
        if (body.Offset == 0)
        {
            _socket.SendFrame(body.Array!, body.Count);
        }
        else
        {
            _socket.SendFrame(body.ToArray());
        }
    }

    private bool IsPeer() => _peer is not null && _envelope[0].AsSpan(0, _envelopeLength[0]).SequenceEqual(_peer);

    private void Log(string message) => _options.Log?.Invoke(message);
}
