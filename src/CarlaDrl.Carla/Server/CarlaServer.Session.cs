using System.Diagnostics;
using System.Net.Sockets;
using CarlaDrl.Carla.Protocol;
using CarlaDrl.Carla.Sensors;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.World;
using Wire = CarlaDrl.Carla.Protocol.Messages;

namespace CarlaDrl.Carla.Server;

/// <summary>One client's session: the world-port dialogue (spec §5) and the episode loop.</summary>
public sealed partial class CarlaServer
{
    /// <summary>A message on the world port: a request (with its INI) or an episode start (with its index).</summary>
    private readonly record struct WorldMessage(bool IsRequest, string Ini, uint StartIndex);

    private void ServeClient(TcpChannel client)
    {
        // The real server waits ServerTimeOut for the first request, then drops the client (spec §2).
        WorldMessage? message = ReadWorldMessage(client, _options.ServerTimeout);
        while (message is WorldMessage m && !_stopping)
        {
            if (m.IsRequest)
            {
                HandleRequest(client, m.Ini);
                message = ReadWorldMessage(client, _options.ServerTimeout); // EpisodeStart must follow within ServerTimeOut
                continue;
            }

            if (_scene is null)
            {
                throw new CarlaProtocolException($"{client.Name}: EpisodeStart before any RequestNewEpisode.");
            }

            StartEpisode(client, m.StartIndex);
            message = RunEpisode(client);
        }
    }

    /// <summary>Reads one world-port message, classifying it by its first key (spec §4): 0A request, 08 or empty start.</summary>
    private static WorldMessage? ReadWorldMessage(TcpChannel client, TimeSpan timeout)
    {
        if (!client.Readable(timeout))
        {
            throw new TimeoutException($"{client.Name}: no message within {timeout.TotalSeconds:0.#} s.");
        }

        ReadOnlyMemory<byte> body;
        try
        {
            body = client.Reader.Read();
        }
        catch (EndOfStreamException)
        {
            return null;
        }

        if (body.IsEmpty)
        {
            return new WorldMessage(false, "", 0); // EpisodeStart{0}: an all-default proto3 body
        }

        return body.Span[0] switch
        {
            0x0A => new WorldMessage(true, Wire.RequestNewEpisode.Parser.ParseFrom(body.Span).IniFile, 0),
            0x08 => new WorldMessage(false, "", Wire.EpisodeStart.Parser.ParseFrom(body.Span).PlayerStartSpotIndex),
            _ => throw new CarlaProtocolException($"{client.Name}: a {body.Length}-byte message starting {Convert.ToHexString(body.Span[..Math.Min(8, body.Length)])} is neither RequestNewEpisode nor EpisodeStart."),
        };
    }

    private void HandleRequest(TcpChannel client, string ini)
    {
        lock (_gate)
        {
            CloseAgentChannels(); // the episode, if any, ends here
        }

        EpisodeSettings settings = _settings.Parse(ini);
        _synchronous = settings.SynchronousMode;
        SceneDescription scene = _world.NewEpisode(settings with { SynchronousMode = true });
        var wireSensors = new List<SensorInfo>();
        var used = new HashSet<uint>();
        _wireIds.Clear();
        foreach (SensorInfo sensor in scene.Sensors)
        {
            uint id = sensor.Id;
            while (!used.Add(id))
            {
                id++; // ids must be unique on the wire: blobs are keyed by them
            }

            _wireIds[sensor.Name] = id;
            wireSensors.Add(sensor with { Id = id });
        }

        Transform[] spots = scene.PlayerStartSpots.Select(s => WireConvert.WithOrientation(s)).ToArray();
        if (spots.Length == 0)
        {
            throw new InvalidOperationException($"{_world.Description} has no player start spots; a CARLA client cannot start an episode.");
        }

        string map = string.IsNullOrEmpty(scene.MapName) ? "Town01" : scene.MapName;
        _scene = scene with { MapName = map, PlayerStartSpots = spots, Sensors = wireSensors };
        client.Writer.Write(WireConvert.ToMessage(_scene, wireSensors));
        Log($"new episode: {map}, {spots.Length} start spots, sensors [{string.Join(", ", wireSensors.Select(s => $"{s.Name} ({s.Type})"))}], {(_synchronous ? "synchronous" : "asynchronous")}, weather {settings.WeatherId}, {settings.NumberOfVehicles} vehicles, {settings.NumberOfPedestrians} pedestrians");
    }

    private void StartEpisode(TcpChannel client, uint requested)
    {
        lock (_gate)
        {
            CloseAgentChannels();
        }

        int index = (int)Math.Min(requested, int.MaxValue);
        if (index >= _scene!.PlayerStartSpots.Count)
        {
            Log($"warning: start index {requested} is out of range 0..{_scene.PlayerStartSpots.Count - 1}; using 0 (as CARLA does)");
            index = 0;
        }

        _world.StartEpisode(index);
        EpisodesStarted++;

        // P+1 and P+2 listen before EpisodeReady goes out (the real server races here, spec §12.1); connections
        // left from an earlier episode are dropped.
        Drain(_streamListener!);
        Drain(_controlListener!);
        client.Writer.Write(new Wire.EpisodeReady { Ready = true });
        TcpChannel stream = Accept(_streamListener!, "stream port");
        lock (_gate)
        {
            _stream = stream;
        }

        TcpChannel control = Accept(_controlListener!, "control port");
        lock (_gate)
        {
            _control = control;
        }

        Log($"episode started at spot {index}");
    }

    private TcpChannel Accept(Socket listener, string role)
    {
        if (!listener.Poll(TcpChannel.TimeoutMicroseconds(_options.ServerTimeout), SelectMode.SelectRead))
        {
            throw new TimeoutException($"the client did not connect to the {role} within {_options.ServerTimeout.TotalSeconds:0.#} s of EpisodeReady.");
        }

        return TcpChannel.FromAccepted(listener.Accept(), role, _options.ServerTimeout, _options.MaxMessageBytes);
    }

    private static void Drain(Socket listener)
    {
        while (listener.Poll(0, SelectMode.SelectRead))
        {
            listener.Accept().Dispose();
        }
    }

    /// <summary>Ticks the episode until the client sends a world-port message (returned) or leaves (null).</summary>
    private WorldMessage? RunEpisode(TcpChannel client)
    {
        VehicleControl control = VehicleControl.Neutral;
        var clock = Stopwatch.StartNew();
        double period = 1.0 / _options.AsyncTicksPerSecond;
        long ticks = 0;
        var ready = new List<Socket>(2);
        while (!_stopping)
        {
            // 1. A new request (or a departure) ends the episode; never blocks (spec §5, "One server tick"). In
            // synchronous mode the wait for the control below watches the world port too.
            if (!_synchronous && client.Readable(TimeSpan.Zero))
            {
                return ReadWorldMessage(client, TimeSpan.Zero);
            }

            // 2. Frame N goes out before control N is awaited.
            WorldFrame frame = _world.ReadFrame();
            SendFrame(frame);

            // 3. The control.
            if (_synchronous)
            {
                if (_control is null)
                {
                    // The client closed P+2: nothing can tick the episode; wait for the next request or the end.
                    while (!_stopping && !client.Readable(TimeSpan.FromMilliseconds(200)))
                    {
                    }

                    return _stopping ? null : ReadWorldMessage(client, TimeSpan.Zero);
                }

                TcpChannel c = _control;
                bool got = false;
                var deadline = Stopwatch.StartNew();
                while (!got && _control is not null && deadline.Elapsed < _options.ServerTimeout && !_stopping)
                {
                    if (!c.SpinUntilReadable(_options.ControlSpin))
                    {
                        ready.Clear();
                        ready.Add(c.Socket);
                        ready.Add(client.Socket);
                        Socket.Select(ready, null, null, TcpChannel.TimeoutMicroseconds(_options.ServerTimeout - deadline.Elapsed));
                        if (ready.Count == 0)
                        {
                            break;
                        }

                        if (!ready.Contains(c.Socket))
                        {
                            return ReadWorldMessage(client, TimeSpan.Zero);
                        }
                    }

                    got = TryReadControls(ref control);
                }

                if (!got && _control is not null && !_stopping)
                {
                    Log($"warning: no control within {_options.ServerTimeout.TotalSeconds:0.#} s; keeping the previous control");
                }
            }
            else
            {
                if (_control is not null && _control.Readable(TimeSpan.Zero))
                {
                    TryReadControls(ref control);
                }

                ticks++;
                double wait = (ticks * period) - clock.Elapsed.TotalSeconds;
                if (wait > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(wait));
                }
            }

            // 4. Tick.
            _world.SendControl(control);
        }

        return null;
    }

    /// <summary>
    /// Reads the waiting control messages; the newest wins (the real server keeps only the latest per tick, spec §5).
    /// Returns false when the client closed P+2.
    /// </summary>
    private bool TryReadControls(ref VehicleControl control)
    {
        TcpChannel c = _control!;
        try
        {
            do
            {
                ReadOnlyMemory<byte> body = c.Reader.Read();
                control = WireConvert.ToControl(Wire.Control.Parser.ParseFrom(body.Span)).Clamped();
            }
            while (c.Reader.HasBufferedBytes);

            return true;
        }
        catch (EndOfStreamException)
        {
            lock (_gate)
            {
                _control?.Dispose();
                _control = null;
            }

            return false;
        }
    }

    private void SendFrame(WorldFrame frame)
    {
        TcpChannel? stream = _stream;
        if (stream is null)
        {
            return;
        }

        MessageWriter writer = stream.Writer;
        writer.Append(_encoder.Encode(frame.Measurements));
        foreach (SensorData data in frame.SensorData)
        {
            if (!_wireIds.TryGetValue(data.Name, out uint id))
            {
                continue;
            }

            if (data is CameraImage image)
            {
                CameraBlob.Encode(id, image, writer.Reserve(CameraBlob.MessageLength(image.Width, image.Height)));
            }
            else if (data is LidarMeasurement scan)
            {
                LidarBlob.Encode(id, scan, writer.Reserve(LidarBlob.MessageLength(scan)));
            }
        }

        writer.AppendEmpty();
        try
        {
            writer.Flush();
            FramesSent++;
        }
        catch (Exception e) when (e is IOException or TimeoutException or SocketException or ObjectDisposedException)
        {
            // A stalled or departed reader loses the stream for the rest of the episode (spec §12.7). A client that
            // closes P+1 to request a new episode (the official client does) lands here too: no warning for that.
            Log(e is TimeoutException
                ? $"warning: the client stopped reading the measurements stream ({e.Message}); the episode goes on without it"
                : $"the client closed the measurements stream ({e.Message})");
            lock (_gate)
            {
                _stream?.Dispose();
                _stream = null;
            }
        }
    }

    private void CloseAgentChannels()
    {
        _stream?.Dispose();
        _stream = null;
        _control?.Dispose();
        _control = null;
    }
}
