namespace CarlaDrl.Driving.World;

/// <summary>
/// One frame's measurements (spec §4 <c>Measurements</c>, §6). <see cref="FrameNumber"/> is the engine's frame
/// counter and is not reset per episode; <see cref="GameTimestamp"/> is simulated milliseconds since the episode
/// began; <see cref="PlatformTimestamp"/> is a clock in ms (wall clock on real CARLA).
/// </summary>
public sealed class Measurements
{
    public ulong FrameNumber { get; set; }

    public uint PlatformTimestamp { get; set; }

    public uint GameTimestamp { get; set; }

    public PlayerMeasurements PlayerMeasurements { get; } = new();

    /// <summary>Filled only when the episode asked for them (<see cref="EpisodeSettings.SendNonPlayerAgentsInfo"/>).</summary>
    public List<NonPlayerAgent> NonPlayerAgents { get; } = [];

    public void CopyTo(Measurements other)
    {
        ArgumentNullException.ThrowIfNull(other);
        other.FrameNumber = FrameNumber;
        other.PlatformTimestamp = PlatformTimestamp;
        other.GameTimestamp = GameTimestamp;
        PlayerMeasurements.CopyTo(other.PlayerMeasurements);
        other.NonPlayerAgents.Clear();
        other.NonPlayerAgents.AddRange(NonPlayerAgents);
    }
}
