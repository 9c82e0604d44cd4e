using System.Net;
using System.Net.Sockets;
using CarlaDrl.Carla.Protocol;
using CarlaDrl.Carla.Settings;
using CarlaDrl.Driving.World;
using Google.Protobuf;

namespace CarlaDrl.Carla.Server;

/// <summary>
/// Serves any <see cref="IDrivingWorld"/> over the CARLA 0.8.4 protocol, so that CARLA clients — the official Python
/// client and its benchmark included — drive it as a real server (spec §14 server checklist). Binds P, P+1 and P+2
/// at <see cref="Start"/>; serves one client at a time on a background thread; a client that disconnects or breaks
/// the protocol is logged and the next one accepted. The INI of each request is read with sticky values
/// (<see cref="CarlaSettingsParser"/>); the world always runs in lockstep, and the server implements the requested
/// mode: synchronous (one tick per control, waiting at most <see cref="CarlaServerOptions.ServerTimeout"/>, then the
/// previous control is kept) or asynchronous (real-time ticks). The server does not own the world.
/// </summary>
public sealed partial class CarlaServer : IDisposable
{
    private readonly IDrivingWorld _world;
    private readonly CarlaServerOptions _options;
    private readonly CarlaSettingsParser _settings;
    private readonly MeasurementsEncoder _encoder = new();
    private readonly Dictionary<string, uint> _wireIds = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private Socket? _worldListener;
    private Socket? _streamListener;
    private Socket? _controlListener;
    private Thread? _thread;
    private TcpChannel? _client;
    private TcpChannel? _stream;
    private TcpChannel? _control;
    private SceneDescription? _scene;
    private bool _synchronous = true;
    private volatile bool _stopping;

    public CarlaServer(IDrivingWorld world, CarlaServerOptions? options = null)
    {
        _world = world ?? throw new ArgumentNullException(nameof(world));
        _options = (options ?? new CarlaServerOptions()).Validate();
        _settings = new CarlaSettingsParser(Log);
    }

    /// <summary>The world port P, known after <see cref="Start"/> (also when the options asked for 0).</summary>
    public int Port { get; private set; }

    public IPAddress Address => _options.Address;

    public int ClientsServed { get; private set; }

    public int EpisodesStarted { get; private set; }

    public long FramesSent { get; private set; }

    /// <summary>Binds P, P+1 and P+2 and starts serving on a background thread.</summary>
    /// <exception cref="IOException">a port is in use or cannot be bound; the message names it.</exception>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        if (_thread is not null)
        {
            throw new InvalidOperationException("The server is already running.");
        }

        Bind();
        _thread = new Thread(Serve) { IsBackground = true, Name = $"carla-server:{Port}" };
        _thread.Start();
        Log($"serving {_world.Description} on {_options.Address}:{Port} (world), {Port + 1} (measurements), {Port + 2} (control)");
    }

    /// <summary>Stops serving: closes every socket and waits (up to 5 s) for the serving thread.</summary>
    public void Stop()
    {
        _stopping = true;
        lock (_gate)
        {
            foreach (IDisposable? d in new IDisposable?[] { _worldListener, _streamListener, _controlListener, _client, _stream, _control })
            {
                try
                {
                    d?.Dispose();
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // closing anyway
                }
            }
        }

        if (_thread is not null && _thread != Thread.CurrentThread)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    public void Dispose() => Stop();

    /// <summary>Waits for the serving thread to end (after <see cref="Stop"/>); false on timeout.</summary>
    public bool Wait(TimeSpan timeout) => _thread?.Join(timeout) ?? true;

    private void Bind()
    {
        if (_options.Port != 0)
        {
            Port = _options.Port;
            _worldListener = Listen(Port, "world port");
            _streamListener = Listen(Port + 1, "measurements (stream) port");
            _controlListener = Listen(Port + 2, "control port");
            return;
        }

        for (int attempt = 0; attempt < 100; attempt++)
        {
            Socket world = Listen(0, "world port");
            int port = ((IPEndPoint)world.LocalEndPoint!).Port;
            if (port > 65533)
            {
                world.Dispose();
                continue;
            }

            try
            {
                _streamListener = Listen(port + 1, "stream port");
                _controlListener = Listen(port + 2, "control port");
                _worldListener = world;
                Port = port;
                return;
            }
            catch (IOException)
            {
                world.Dispose();
                _streamListener?.Dispose();
                _streamListener = null;
            }
        }

        throw new IOException($"Found no three free consecutive ports on {_options.Address}.");
    }

    private Socket Listen(int port, string role)
    {
        var socket = new Socket(_options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // No ReuseAddress: on Linux .NET maps it to SO_REUSEPORT too, which would let two servers share a port.
            // (.NET already sets SO_REUSEADDR on Unix listeners, so a restarted server binds past TIME_WAIT.)
            socket.Bind(new IPEndPoint(_options.Address, port));
            socket.Listen(4);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            string why = e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is already in use (another CARLA server or serve-carla?)" : e.Message;
            throw new IOException($"Cannot listen on {_options.Address}:{port} ({role}): {why}. A CARLA server needs ports P, P+1 and P+2 free; pick another --port.", e);
        }
    }

    private void Serve()
    {
        while (!_stopping)
        {
            Socket accepted;
            try
            {
                accepted = _worldListener!.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (!_stopping)
                {
                    Log($"error: accepting on the world port failed: {e.Message}");
                }

                return;
            }

            TcpChannel client = TcpChannel.FromAccepted(accepted, "world port", _options.ServerTimeout, _options.MaxMessageBytes);
            lock (_gate)
            {
                _client = client;
            }

            ClientsServed++;
            Log($"client {accepted.RemoteEndPoint} connected");
            try
            {
                ServeClient(client);
                Log($"client {client.Name} disconnected");
            }
            catch (Exception e) when (!_stopping)
            {
                Log($"error: client {client.Name}: {Describe(e)}; waiting for the next client");
            }
            catch (Exception)
            {
                // stopping: sockets were closed under the session
            }
            finally
            {
                lock (_gate)
                {
                    CloseAgentChannels();
                    client.Dispose();
                    _client = null;
                }
            }
        }
    }

    private static string Describe(Exception e) => e switch
    {
        InvalidProtocolBufferException => $"malformed protobuf message ({e.Message})",
        EndOfStreamException => "the client closed the connection",
        _ => e.Message,
    };

    private void Log(string message) => _options.Log?.Invoke(message);
}
