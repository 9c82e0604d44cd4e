namespace CarlaDrl.Bridge.Seed;

/// <summary>How <see cref="SeedPublisher"/> plays carla_zmq_client.py's part (seed-system.md §3.1, §4).</summary>
public sealed record SeedPublisherOptions
{
    /// <summary>Where the observation PUB binds; the seed bound <c>tcp://*:5555</c>, we bind loopback unless told.</summary>
    public string ObservationBind { get; init; } = "tcp://127.0.0.1:5555";

    /// <summary>Where the action SUB connects; null: the observation endpoint's port + 1 on loopback, as the seed computes it.</summary>
    public string? ActionConnect { get; init; }

    /// <summary>
    /// True: after each observation wait up to <see cref="ActionWait"/> for the action that answers it, so both sides
    /// step in lockstep (§12.1). False: one non-blocking receive per frame, as the seed client did (§3.3).
    /// </summary>
    public bool Lockstep { get; init; } = true;

    /// <summary>How long a lockstep frame waits for its action before applying the neutral control.</summary>
    public TimeSpan ActionWait { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Stop after publishing this many observations (null: until cancelled).</summary>
    public long? MaxFrames { get; init; }

    /// <summary>The start spot of the one episode the publisher runs (the seed hard-codes 0, §4).</summary>
    public int StartIndex { get; init; }

    /// <summary>Called after each observation is published, with its 1-based number and the frame it came from.</summary>
    public Action<long, Driving.World.WorldFrame>? Published { get; init; }

    /// <summary>Called with each control applied to the world after observation number n (1-based).</summary>
    public Action<long, Driving.World.VehicleControl>? Applied { get; init; }

    /// <summary>Where notes and warnings go (null: nowhere).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>The endpoint the action SUB connects to.</summary>
    public string ActionEndpoint => ActionConnect ?? SeedEndpoints.NextPortOnLoopback(ObservationBind);

    /// <summary>Throws naming the first bad key; returns this for chaining.</summary>
    public SeedPublisherOptions Validate()
    {
        _ = SeedEndpoints.Port(ObservationBind, nameof(ObservationBind));
        _ = SeedEndpoints.Port(ActionEndpoint, nameof(ActionConnect));
        if (ActionWait < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ActionWait), ActionWait, "seed.action_wait must not be negative.");
        }

        if (MaxFrames is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrames), MaxFrames, "seed.max_frames must be positive (or unset).");
        }

        return this;
    }
}
