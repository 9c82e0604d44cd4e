using System.Diagnostics;
using CarlaDrl.Bridge.Protocol;
using CarlaDrl.Driving.World;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Client;

/// <summary>
/// A world hosted by a bridge worker (<c>carla-drl bridge</c>) in another process or on another machine, as an
/// <see cref="IDrivingWorld"/> (docs/bridge-protocol.md). Lockstep: <see cref="StartEpisode"/> returns the first frame
/// with its reply, each <see cref="SendControl"/> is one <c>step</c> round trip whose reply is the next frame, and
/// <see cref="ReadFrame"/> returns that frame. Every frame carries the worker's session and episode numbers; a frame
/// of any other episode is refused, so no episode mixes frames from two connections.
/// <para>
/// Faults: a worker silent for <see cref="RemoteWorldOptions.HeartbeatTimeout"/> during a request is declared down and
/// the call throws <see cref="WorldConnectionLostException"/> (the env drops that transition). While it is down,
/// <see cref="NewEpisode"/> probes it with a hello, waiting only <see cref="RemoteWorldOptions.ProbeWait"/>, and throws
/// <see cref="WorldConnectionLostException"/> again at once, so the other envs of a vector env keep training; when the
/// worker answers, the world rejoins and the episode starts afresh. Not thread-safe: one thread drives one world.
/// </para>
/// </summary>
public sealed class RemoteWorld : IDrivingWorld
{
    private readonly RemoteWorldOptions _options;
    private readonly MessageBuffer _out = new();
    private readonly FrameCodec _codec = new();
    private readonly WorldFrame _frame = new();
    private byte[] _in = new byte[64 * 1024];
    private int _inLength;
    private DealerSocket? _socket;
    private ulong _seq;
    private ulong _helloSeq;
    private bool _connected;
    private bool _everConnected;
    private bool _episodeRunning;
    private bool _synchronous = true;
    private uint _episode;
    private long _downSince;
    private bool _disposed;

    public RemoteWorld(RemoteWorldOptions? options = null)
    {
        _options = (options ?? new RemoteWorldOptions()).Validate();
    }

    public string Description => BridgeEndpoint.TryParse(_options.Endpoint, out BridgeEndpoint e) ? e.ToString() : _options.Endpoint;

    public RemoteWorldOptions Options => _options;

    /// <summary>The worker's session number of the current connection.</summary>
    public uint Session { get; private set; }

    /// <summary>What the worker said in its hello: the world it hosts.</summary>
    public string? WorkerWorld { get; private set; }

    /// <summary>Times the worker was declared down.</summary>
    public int Drops { get; private set; }

    /// <summary>Times the worker came back after a drop.</summary>
    public int Rejoins { get; private set; }

    public long Steps { get; private set; }

    public SceneDescription NewEpisode(EpisodeSettings settings)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        EnsureConnected();
        _episodeRunning = false;
        _synchronous = settings.SynchronousMode;
        var w = _out.Start();
        w.WriteMapHeader(3);
        WriteHeader(ref w, BridgeProtocol.Types.NewEpisode);
        w.Write("settings");
        SettingsCodec.Write(ref w, settings);
        w.Flush();
        var r = Request("new_episode", BridgeProtocol.Types.Scene);
        SceneDescription scene = Wire.Seek(ref r, "scene"u8, "scene reply") ? SceneCodec.Read(ref r) : throw new BridgeProtocolException($"{Description}: the scene reply has no 'scene'.");
        _codec.ResetSensors();
        return scene;
    }

    public void StartEpisode(int playerStartIndex)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_connected)
        {
            throw Down("starting an episode", "the worker is down; call NewEpisode to reconnect");
        }

        var w = _out.Start();
        w.WriteMapHeader(3);
        WriteHeader(ref w, BridgeProtocol.Types.StartEpisode);
        w.Write("player_start_index");
        w.Write(playerStartIndex);
        w.Flush();
        var r = Request("start_episode", BridgeProtocol.Types.Frame);
        ReadFrameReply(ref r, expectEpisode: null);
        _episodeRunning = true;
    }

    public WorldFrame ReadFrame()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireEpisode();
        if (!_synchronous)
        {
            var w = _out.Start();
            w.WriteMapHeader(2);
            WriteHeader(ref w, BridgeProtocol.Types.ReadFrame);
            w.Flush();
            var r = Request("read_frame", BridgeProtocol.Types.Frame);
            ReadFrameReply(ref r, _episode);
        }

        return _frame;
    }

    public void SendControl(in VehicleControl control)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        RequireEpisode();
        var w = _out.Start();
        w.WriteMapHeader(3);
        WriteHeader(ref w, BridgeProtocol.Types.Step);
        w.Write("control");
        ControlCodec.WriteMap(ref w, control);
        w.Flush();
        var r = Request("step", BridgeProtocol.Types.Frame);
        ReadFrameReply(ref r, _episode);
        Steps++;
    }

    /// <summary>A <c>heartbeat</c> round trip (connecting first if needed): the transport's own latency, without a world step.</summary>
    public TimeSpan Ping()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureConnected();
        long start = Stopwatch.GetTimestamp();
        var w = _out.Start();
        w.WriteMapHeader(2);
        WriteHeader(ref w, BridgeProtocol.Types.Heartbeat);
        w.Flush();
        Request("heartbeat", BridgeProtocol.Types.Heartbeat);
        return Stopwatch.GetElapsedTime(start);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_socket is not null && _connected)
        {
            // Best effort: tell the worker this session is over; the short linger lets the message leave.
            var w = _out.Start();
            w.WriteMapHeader(2);
            WriteHeader(ref w, BridgeProtocol.Types.Close);
            w.Flush();
            _socket.Options.Linger = TimeSpan.FromMilliseconds(200);
            ArraySegment<byte> body = _out.Written;
            _socket.TrySendFrame(TimeSpan.Zero, body.Array!, body.Offset == 0 ? body.Count : 0);
        }

        CloseSocket();
    }

    private void RequireEpisode()
    {
        if (!_connected)
        {
            throw Down("driving", "the worker is down; the next NewEpisode reconnects");
        }

        if (!_episodeRunning)
        {
            throw new InvalidOperationException("No episode is running: call NewEpisode(settings) and StartEpisode(index) first.");
        }
    }

    /// <summary>Connects (first time: waits up to ConnectTimeout) or probes a worker that was down.</summary>
    private void EnsureConnected()
    {
        if (_connected)
        {
            return;
        }

        if (!_everConnected)
        {
            OpenSocket();
            SendHello();
            if (!AwaitHello(_options.ConnectTimeout))
            {
                CloseSocket();
                throw new IOException($"No bridge worker answered at {_options.Endpoint} within {_options.ConnectTimeout.TotalSeconds:0} s. Start one with `carla-drl bridge --bind {_options.Endpoint}`, check the address, and with --curve that both sides use the same key pair.");
            }

            _everConnected = true;
            return;
        }

        // Down: one hello stays outstanding on the probe socket (ZeroMQ reconnects underneath); look for its answer.
        if (_socket is null)
        {
            OpenSocket();
            SendHello();
        }

        double downSeconds = Stopwatch.GetElapsedTime(_downSince).TotalSeconds;
        if (!AwaitHello(_options.ProbeWait))
        {
            if (_options.GiveUpAfter > TimeSpan.Zero && downSeconds > _options.GiveUpAfter.TotalSeconds)
            {
                throw new IOException($"The bridge worker at {_options.Endpoint} has been down for {downSeconds:0} s (limit {_options.GiveUpAfter.TotalSeconds:0} s); giving up. Restart it with `carla-drl bridge --bind {_options.Endpoint}`.");
            }

            throw new WorldConnectionLostException($"the bridge worker at {_options.Endpoint} is down ({downSeconds:0.0} s); waiting for it to come back.", false, null);
        }

        Rejoins++;
        Log($"worker {Description} rejoined after {downSeconds:0.0} s (session {Session}); its episode restarts.");
    }

    private void SendHello()
    {
        var w = _out.Start();
        w.WriteMapHeader(5);
        WriteHeader(ref w, BridgeProtocol.Types.Hello);
        _helloSeq = _seq;
        w.Write("protocol");
        w.Write(BridgeProtocol.Version);
        w.Write("client");
        w.Write($"carla-drl trainer (pid {Environment.ProcessId})");
        w.Write("heartbeat_ms");
        w.Write((int)Math.Max(1, _options.HeartbeatTimeout.TotalMilliseconds / 3));
        w.Flush();
        SendBuffered();
    }

    private bool AwaitHello(TimeSpan wait)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (TryReceive(deadline))
        {
            var r = new MessagePackReader(new ReadOnlyMemory<byte>(_in, 0, _inLength));
            RequestHeader header = RequestHeader.Read(new ReadOnlyMemory<byte>(_in, 0, _inLength), out ulong seq);
            if (seq != _helloSeq)
            {
                continue; // a late reply to an earlier request
            }

            if (header.Type == BridgeProtocol.Types.Error)
            {
                ThrowError(ref r, "hello");
            }

            ReadHello(ref r);
            _connected = true;
            _episodeRunning = false;
            return true;
        }

        return false;
    }

    private void ReadHello(ref MessagePackReader r)
    {
        int n = Wire.ReadMapHeader(ref r, "hello reply");
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "session"u8))
            {
                Session = (uint)Wire.ReadUInt(ref r, "session");
            }
            else if (Wire.Is(key, "world"u8))
            {
                WorkerWorld = Wire.ReadText(ref r, "world");
            }
            else
            {
                r.Skip();
            }
        }
    }

    /// <summary>Sends the buffered request and waits for its reply of type <paramref name="replyType"/>; returns a reader over it.</summary>
    private MessagePackReader Request(string what, string replyType)
    {
        ulong seq = _seq;
        SendBuffered();
        long timeoutTicks = (long)(_options.HeartbeatTimeout.TotalSeconds * Stopwatch.Frequency);
        long deadline = Stopwatch.GetTimestamp() + timeoutTicks;
        while (true)
        {
            if (!TryReceive(deadline))
            {
                throw Down(what, $"no reply to '{what}' #{seq} within {_options.HeartbeatTimeout.TotalSeconds:0.0} s");
            }

            var body = new ReadOnlyMemory<byte>(_in, 0, _inLength);
            RequestHeader header = RequestHeader.Read(body, out ulong replySeq);
            if (replySeq != seq)
            {
                continue; // stale: a reply to a request that already timed out
            }

            var r = new MessagePackReader(body);
            if (header.Type == BridgeProtocol.Types.Busy)
            {
                deadline = Stopwatch.GetTimestamp() + timeoutTicks; // alive, still working
                continue;
            }

            if (header.Type == BridgeProtocol.Types.Error)
            {
                ThrowError(ref r, what);
            }

            return header.Type == replyType ? r : throw new BridgeProtocolException($"{Description}: '{what}' was answered with '{header.Type}'; expected '{replyType}'.");
        }
    }

    private void ReadFrameReply(ref MessagePackReader r, uint? expectEpisode)
    {
        int n = Wire.ReadMapHeader(ref r, "frame");
        uint session = 0, episode = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "session"u8))
            {
                session = (uint)Wire.ReadUInt(ref r, "session");
            }
            else if (Wire.Is(key, "episode"u8))
            {
                episode = (uint)Wire.ReadUInt(ref r, "episode");
            }
            else if (!_codec.TryReadField(key, ref r, _frame))
            {
                r.Skip();
            }
        }

        if (session != Session || (expectEpisode is uint e && episode != e))
        {
            // Never hand the env a frame from another session or episode (docs/bridge-protocol.md, "Episodes").
            _episodeRunning = false;
            throw Down("reading a frame", $"the frame belongs to session {session} episode {episode}, not session {Session} episode {expectEpisode}");
        }

        _episode = episode;
    }

    private void ThrowError(ref MessagePackReader r, string what)
    {
        string code = BridgeProtocol.ErrorCodes.WorldError, message = "";
        int n = Wire.ReadMapHeader(ref r, "error");
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "code"u8))
            {
                code = Wire.ReadText(ref r, "code");
            }
            else if (Wire.Is(key, "message"u8))
            {
                message = Wire.ReadText(ref r, "message");
            }
            else
            {
                r.Skip();
            }
        }

        string text = $"{Description} answered '{what}' with {code}: {message}";
        throw code switch
        {
            BridgeProtocol.ErrorCodes.InvalidSettings => new InvalidSettingsException([text]),
            BridgeProtocol.ErrorCodes.WorldConnectionLost => new WorldConnectionLostException(text, false, null),
            BridgeProtocol.ErrorCodes.NoSession => Down(what, $"the worker does not know this session (it restarted): {message}"),
            _ => new BridgeRemoteException(code, text),
        };
    }

    /// <summary>Marks the worker down (closing the socket drops anything queued) and returns the exception to throw.</summary>
    private WorldConnectionLostException Down(string what, string why)
    {
        if (_connected)
        {
            _connected = false;
            _episodeRunning = false;
            _downSince = Stopwatch.GetTimestamp();
            Drops++;
            CloseSocket();
            Log($"worker {Description} lost while {what}: {why.TrimEnd('.')}. Training continues on the other envs; this one rejoins when the worker answers again.");
        }

        return new WorldConnectionLostException($"The bridge worker at {Description} was lost while {what}: {why.TrimEnd('.')}.", false, null);
    }

    private void WriteHeader(ref MessagePackWriter w, string type)
    {
        w.Write(BridgeProtocol.TypeKey);
        w.Write(type);
        w.Write(BridgeProtocol.SeqKey);
        w.Write(++_seq);
    }

    private void SendBuffered()
    {
        ArraySegment<byte> body = _out.Written;
        _socket!.SendFrame(body.Offset == 0 ? body.Array! : body.ToArray(), body.Count);
    }

    /// <summary>Receives one message into <see cref="_in"/> before <paramref name="deadline"/> (Stopwatch ticks).</summary>
    private bool TryReceive(long deadline)
    {
        var msg = default(Msg);
        msg.InitEmpty();
        try
        {
            bool got = false;
            if (_options.SpinMicroseconds > 0)
            {
                long spinEnd = Stopwatch.GetTimestamp() + (_options.SpinMicroseconds * Stopwatch.Frequency / 1_000_000);
                while (!(got = _socket!.TryReceive(ref msg, TimeSpan.Zero)) && Stopwatch.GetTimestamp() < spinEnd)
                {
                    Thread.SpinWait(20);
                }
            }

            if (!got)
            {
                long remaining = deadline - Stopwatch.GetTimestamp();
                got = _socket!.TryReceive(ref msg, ReceiveWait.Of(TimeSpan.FromTicks(Math.Max(0, remaining) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)));
            }

            while (got && msg.HasMore)
            {
                _socket!.Receive(ref msg); // a peer that sends envelopes: the body is the last frame
            }

            if (!got)
            {
                return false;
            }

            if (_in.Length < msg.Size)
            {
                _in = new byte[Math.Max(msg.Size, 2 * _in.Length)];
            }

            msg.Slice().CopyTo(_in);
            _inLength = msg.Size;
            return true;
        }
        finally
        {
            msg.Close();
        }
    }

    private void OpenSocket()
    {
        var socket = new DealerSocket();
        socket.Options.Linger = TimeSpan.Zero; // a dropped connection's queue is stale by definition
        socket.Options.ReconnectInterval = TimeSpan.FromMilliseconds(100);
        _options.ConfigureSocket?.Invoke(socket);
        socket.Connect(_options.Endpoint);
        _socket = socket;
    }

    private void CloseSocket()
    {
        _socket?.Dispose();
        _socket = null;
    }

    private void Log(string message) => _options.Log?.Invoke(message);
}
