using CarlaDrl.Carla.Protocol;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Client;

/// <summary>
/// Where and how a <see cref="CarlaWorld"/> talks to a CARLA 0.8.4 server. Defaults follow the official client
/// (spec §2, §13): port 2000, 15 s per socket operation, 10 connection attempts 1 s apart, and a throw-away first
/// episode per connection (spec §12.2).
/// </summary>
public sealed record CarlaWorldOptions
{
    /// <summary>Server host name or address.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The world port P; the stream and control ports are P+1 and P+2.</summary>
    public int Port { get; init; } = 2000;

    /// <summary>Timeout of every connect, read and write (≥ 15 s recommended: level reloads take seconds).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Connection attempts per port, with <see cref="RetryDelay"/> after each failure.</summary>
    public int ConnectAttempts { get; init; } = 10;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// After connecting, load default settings and start episode 0 once before the real episode: the first scene
    /// after a server launch lists the start spots in another order (upstream issues #310, #662; spec §12.2).
    /// </summary>
    public bool ThrowAwayFirstEpisode { get; init; } = true;

    /// <summary>
    /// When a connection drops mid-episode: reconnect (back-off from <see cref="RetryDelay"/>, doubling up to
    /// 8 s, for at most this long), start a new episode with the same settings and start spot, then throw
    /// <see cref="WorldConnectionLostException"/> with <c>EpisodeRestarted</c> true. Zero: throw at once; the next
    /// <see cref="IDrivingWorld.NewEpisode"/> reconnects.
    /// </summary>
    public TimeSpan RecoveryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a frame read busy-polls before it blocks: in lockstep the next frame follows each control within the
    /// server's tick, and polling catches it sooner than a sleeping thread wakes (a gain on loopback). Zero: block at once.
    /// </summary>
    public TimeSpan ReadSpin { get; init; } = TimeSpan.FromMicroseconds(500);

    /// <summary>Largest accepted message, bytes (a guard against a peer that does not speak the protocol).</summary>
    public int MaxMessageBytes { get; init; } = MessageReader.DefaultMaxMessageBytes;

    /// <summary>Receives what the client has to say: reconnects, skipped blobs, the throw-away episode.</summary>
    public Action<string>? Log { get; init; }

    public CarlaWorldOptions Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Host))
        {
            errors.Add("CarlaWorldOptions.Host is empty; give a host name or address, e.g. 127.0.0.1.");
        }

        if (Port is < 1 or > 65533)
        {
            errors.Add($"CarlaWorldOptions.Port = {Port} is out of range; allowed: 1..65533 (P, P+1 and P+2 must be ports).");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add($"CarlaWorldOptions.Timeout = {Timeout} must be positive.");
        }

        if (ConnectAttempts < 1)
        {
            errors.Add($"CarlaWorldOptions.ConnectAttempts = {ConnectAttempts} must be at least 1.");
        }

        if (RetryDelay < TimeSpan.Zero || RecoveryTimeout < TimeSpan.Zero)
        {
            errors.Add("CarlaWorldOptions.RetryDelay and RecoveryTimeout must not be negative.");
        }

        if (MaxMessageBytes < 1024)
        {
            errors.Add($"CarlaWorldOptions.MaxMessageBytes = {MaxMessageBytes} is too small; allowed: at least 1024.");
        }

        return errors.Count == 0 ? this : throw new InvalidSettingsException(errors);
    }
}
