namespace CarlaDrl.Driving.World;

/// <summary>
/// A driving world with CARLA 0.8.4 semantics (DESIGN.md §1, spec §5):
/// <see cref="NewEpisode"/> (settings → scene), <see cref="StartEpisode"/> (spawn the player at a start spot),
/// then <see cref="ReadFrame"/> and <see cref="SendControl"/> in lockstep. In synchronous mode frame N is
/// available before control N is sent, and each control advances the world one tick.
/// Implementations: the embedded simulator, a CARLA 0.8.4 client, a ZeroMQ bridge client.
/// </summary>
public interface IDrivingWorld : IDisposable
{
    /// <summary>A short human description, e.g. "embedded Town01" or "carla://127.0.0.1:2000".</summary>
    string Description { get; }

    /// <summary>Loads a new episode with <paramref name="settings"/>; ends any running episode.</summary>
    /// <exception cref="InvalidSettingsException">when the settings are invalid for this world.</exception>
    SceneDescription NewEpisode(EpisodeSettings settings);

    /// <summary>
    /// Spawns the player at start spot <paramref name="playerStartIndex"/>. An index out of range is replaced by 0
    /// with a warning, as CARLA does (spec §12.9).
    /// </summary>
    void StartEpisode(int playerStartIndex);

    /// <summary>The current frame; valid until the next call on this world.</summary>
    WorldFrame ReadFrame();

    /// <summary>Applies <paramref name="control"/>; in synchronous mode this advances one tick.</summary>
    void SendControl(in VehicleControl control);
}
