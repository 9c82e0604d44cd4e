using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Bridge.Seed;

/// <summary>
/// How <see cref="SeedStreamWorld"/> meets the seed's <c>carla_zmq_client.py</c> (seed-system.md §3.1): observations
/// come from a PUB the client binds on <see cref="ObservationPort"/>; actions go out on a PUB we bind on the port
/// after it, because the client computes its action port as <c>zmq_port + 1</c>.
/// </summary>
public sealed record SeedStreamOptions
{
    /// <summary>Where carla_zmq_client.py runs (it binds <c>tcp://*:5555</c>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The client's <c>zmq_port</c>; the action port is this + 1, as in the seed.</summary>
    public int ObservationPort { get; init; } = 5555;

    /// <summary>
    /// Where our action PUB binds. Null: <c>tcp://127.0.0.1:{ObservationPort + 1}</c> — loopback unless told
    /// otherwise (the seed bound <c>tcp://*</c>, which exposes the car's controls to the whole network).
    /// </summary>
    public string? ActionBind { get; init; }

    /// <summary>How long <see cref="SeedStreamWorld.ReadFrame"/> waits for an observation newer than the last control.</summary>
    public TimeSpan FrameWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>No observation at all for this long means the client is gone (<c>WorldConnectionLostException</c>).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The town CARLA runs; the seed never says (its server starts the default level, Town01).</summary>
    public string Town { get; init; } = "Town01";

    /// <summary>
    /// Receive high-water mark of the observation SUB, in messages: small, so that a busy trainer does not build a
    /// queue of stale frames (the seed kept ZeroMQ's 1000, §3.4); large enough to hold a short burst whole.
    /// </summary>
    public int ReceiveHighWatermark { get; init; } = 16;

    /// <summary>Where warnings and notes go (null: nowhere).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The endpoint the observation SUB connects to.</summary>
    public string ObservationEndpoint => $"tcp://{Host}:{ObservationPort}";

    /// <summary>The endpoint the action PUB binds.</summary>
    public string ActionEndpoint => ActionBind ?? $"tcp://127.0.0.1:{ObservationPort + 1}";

    /// <summary>Throws naming the first bad key; returns this for chaining.</summary>
    public SeedStreamOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException("seed.host is empty; give the host where carla_zmq_client.py runs (e.g. 127.0.0.1).", nameof(Host));
        }

        if (ObservationPort is < 1 or > 65534)
        {
            throw new ArgumentOutOfRangeException(nameof(ObservationPort), ObservationPort, "seed.observation_port must be 1..65534 (the action port is one above it).");
        }

        if (ActionBind is not null && !ActionBind.StartsWith("tcp://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"seed.action_bind = '{ActionBind}' is not a tcp:// endpoint (e.g. tcp://127.0.0.1:5556).", nameof(ActionBind));
        }

        if (FrameWait <= TimeSpan.Zero || Timeout <= TimeSpan.Zero || FrameWait > Timeout)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameWait), $"seed.frame_wait = {FrameWait.TotalSeconds} s and seed.timeout = {Timeout.TotalSeconds} s must be positive with frame_wait ≤ timeout.");
        }

        if (!BuiltInTowns.TryGet(Town, out _))
        {
            throw new ArgumentException($"seed.town = '{Town}' is unknown; allowed: {string.Join(", ", BuiltInTowns.Names)}.", nameof(Town));
        }

        if (ReceiveHighWatermark is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(ReceiveHighWatermark), ReceiveHighWatermark, "seed.receive_high_watermark must be 1..1000 messages.");
        }

        return this;
    }
}
