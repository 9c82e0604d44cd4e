using System.Net;
using CarlaDrl.Carla.Protocol;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Server;

/// <summary>
/// How a <see cref="CarlaServer"/> listens. Defaults follow the real 0.8.4 server (spec §2) except the address:
/// loopback unless told otherwise, since the protocol has no authentication.
/// </summary>
public sealed record CarlaServerOptions
{
    /// <summary>Address to bind P, P+1 and P+2 on (<see cref="IPAddress.Any"/> for every interface).</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The world port P (&gt; 1023); 0 picks three free consecutive ports (tests).</summary>
    public int Port { get; init; } = 2000;

    /// <summary>
    /// The real server's ServerTimeOut (10 s): waiting for the first request, for <c>EpisodeStart</c> after a scene,
    /// for the P+1/P+2 connections, for a control in synchronous mode (then the previous control is kept), and for
    /// every socket write (a client that stops reading P+1 loses the stream for the rest of the episode).
    /// </summary>
    public TimeSpan ServerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the synchronous-mode wait for a control busy-polls before it blocks (a lockstep client answers within
    /// microseconds on loopback, sooner than a sleeping thread wakes). Zero: block at once.
    /// </summary>
    public TimeSpan ControlSpin { get; init; } = TimeSpan.FromMicroseconds(500);

    /// <summary>Ticks per second of wall time in asynchronous mode (the world's fixed step, real time).</summary>
    public double AsyncTicksPerSecond { get; init; } = 10;

    /// <summary>Largest accepted client message, bytes.</summary>
    public int MaxMessageBytes { get; init; } = 1 << 20;

    /// <summary>Receives the server's log lines (clients, episodes, protocol errors, warnings).</summary>
    public Action<string>? Log { get; init; }

    public CarlaServerOptions Validate()
    {
        var errors = new List<string>();
        if (Address is null)
        {
            errors.Add("CarlaServerOptions.Address is null.");
        }

        if (Port != 0 && Port is < 1024 or > 65533)
        {
            errors.Add($"CarlaServerOptions.Port = {Port} is out of range; allowed: 1024..65533 (P, P+1 and P+2), or 0 for free ports.");
        }

        if (ServerTimeout <= TimeSpan.Zero)
        {
            errors.Add($"CarlaServerOptions.ServerTimeout = {ServerTimeout} must be positive.");
        }

        if (!(AsyncTicksPerSecond > 0 && AsyncTicksPerSecond <= 1000))
        {
            errors.Add($"CarlaServerOptions.AsyncTicksPerSecond = {AsyncTicksPerSecond} is out of range; allowed: (0, 1000].");
        }

        if (MaxMessageBytes < 1024 || MaxMessageBytes > MessageReader.DefaultMaxMessageBytes)
        {
            errors.Add($"CarlaServerOptions.MaxMessageBytes = {MaxMessageBytes} is out of range; allowed: 1024..{MessageReader.DefaultMaxMessageBytes}.");
        }

        return errors.Count == 0 ? this : throw new InvalidSettingsException(errors);
    }
}
