using CarlaDrl.Driving.World;

namespace CarlaDrl.Bridge.Tests;

/// <summary>A world whose episode start takes a set time (a CARLA server loading a level), around a real world.</summary>
internal sealed class SlowWorld(IDrivingWorld inner, TimeSpan newEpisodeDelay) : IDrivingWorld
{
    public string Description => "slow " + inner.Description;

    public SceneDescription NewEpisode(EpisodeSettings settings)
    {
        Thread.Sleep(newEpisodeDelay);
        return inner.NewEpisode(settings);
    }

    public void StartEpisode(int playerStartIndex) => inner.StartEpisode(playerStartIndex);

    public WorldFrame ReadFrame() => inner.ReadFrame();

    public void SendControl(in VehicleControl control) => inner.SendControl(control);

    public void Dispose() => inner.Dispose();
}
