namespace CarlaDrl.Driving.World;

/// <summary>
/// A remote world (a CARLA server, a bridge) lost its connection in the middle of an episode: the frame or control
/// of this call is gone, and the transition that led here must not be learned from.
/// <para>
/// When <see cref="EpisodeRestarted"/> is true the world has already reconnected and started a new episode with the
/// same settings and start spot, so <see cref="IDrivingWorld.ReadFrame"/> returns that episode's first frame.
/// Either way the next <see cref="IDrivingWorld.NewEpisode"/> works (it reconnects if needed). How an env uses it:
/// end the episode as truncated without storing the transition (put <see cref="InfoKey"/> = true in the step's info
/// so that buffers drop it), then reset as usual. docs/carla.md, "Recovery", has the details.
/// </para>
/// </summary>
public sealed class WorldConnectionLostException : IOException
{
    /// <summary>The info key an env sets to true on the step that hit this exception.</summary>
    public const string InfoKey = "world_connection_lost";

    public WorldConnectionLostException()
    {
    }

    public WorldConnectionLostException(string message) : base(message)
    {
    }

    public WorldConnectionLostException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public WorldConnectionLostException(string message, bool episodeRestarted, Exception? innerException)
        : base(message, innerException)
    {
        EpisodeRestarted = episodeRestarted;
    }

    /// <summary>True when the world reconnected and already runs a new episode with the previous settings and start spot.</summary>
    public bool EpisodeRestarted { get; }
}
