using CarlaDrl.Bridge.Protocol;
using NetMQ;

namespace CarlaDrl.Bridge.Host;

/// <summary>How a <see cref="BridgeServer"/> listens (docs/bridge-protocol.md).</summary>
public sealed record BridgeServerOptions
{
    /// <summary>ZeroMQ endpoint to bind; loopback unless told otherwise. Port 0 binds a free port (see <see cref="BridgeServer.Endpoint"/>).</summary>
    public string Bind { get; init; } = BridgeProtocol.DefaultEndpoint;

    /// <summary>Requests above this size get a <c>too_large</c> error; the connection survives.</summary>
    public int MaxRequestBytes { get; init; } = BridgeProtocol.DefaultMaxRequestBytes;

    /// <summary>Microseconds to poll for the next request after each reply before blocking (lower latency, more CPU).</summary>
    public int SpinMicroseconds { get; init; }

    /// <summary>Configures the socket before it binds (CurveZMQ server keys).</summary>
    public Action<NetMQSocket>? ConfigureSocket { get; init; }

    /// <summary>Where the server reports sessions, errors and faults.</summary>
    public Action<string>? Log { get; init; }

    public BridgeServerOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Bind) || !Bind.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"bind address '{Bind}' is not a ZeroMQ endpoint; use e.g. tcp://127.0.0.1:5555 (tcp://0.0.0.0:5555 to accept other machines).");
        }

        if (SpinMicroseconds is < 0 or > 1_000_000)
        {
            throw new ArgumentException($"SpinMicroseconds = {SpinMicroseconds} is out of range; allowed: 0..1,000,000.");
        }

        if (MaxRequestBytes < 1024)
        {
            throw new ArgumentException($"MaxRequestBytes = {MaxRequestBytes} is too small; allowed: ≥ 1024.");
        }

        return this;
    }
}
