using CarlaDrl.Bridge.Protocol;
using NetMQ;

namespace CarlaDrl.Bridge.Client;

/// <summary>How a <see cref="RemoteWorld"/> reaches its bridge worker and decides that the worker is gone.</summary>
public sealed record RemoteWorldOptions
{
    /// <summary>The worker's ZeroMQ endpoint, e.g. tcp://127.0.0.1:5555.</summary>
    public string Endpoint { get; init; } = BridgeProtocol.DefaultEndpoint;

    /// <summary>A worker silent this long while a request is outstanding is considered dead (it sends busy notices while working).</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the first connection may take (the worker may still be starting).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a reconnection attempt waits for the worker's hello before reporting it still down; 0 polls, so the other envs of a vector env keep their pace.</summary>
    public TimeSpan ProbeWait { get; init; } = TimeSpan.Zero;

    /// <summary>A worker down longer than this fails the run with an error instead of being waited for. Zero: wait forever.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Microseconds to poll for a reply before blocking (lower latency on idle cores; 0 on busy machines).</summary>
    public int SpinMicroseconds { get; init; }

    /// <summary>Configures each socket before it connects (CurveZMQ client keys).</summary>
    public Action<NetMQSocket>? ConfigureSocket { get; init; }

    /// <summary>Where the world reports drops and rejoins.</summary>
    public Action<string>? Log { get; init; }

    public RemoteWorldOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Endpoint) || !Endpoint.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"bridge endpoint '{Endpoint}' is not a ZeroMQ endpoint; use e.g. tcp://127.0.0.1:5555 (zmq://127.0.0.1:5555 on the command line).");
        }

        if (HeartbeatTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero || ProbeWait < TimeSpan.Zero || GiveUpAfter < TimeSpan.Zero || SpinMicroseconds < 0)
        {
            throw new ArgumentException("RemoteWorldOptions: HeartbeatTimeout and ConnectTimeout must be positive; ProbeWait, GiveUpAfter and SpinMicroseconds must not be negative.");
        }

        return this;
    }
}
