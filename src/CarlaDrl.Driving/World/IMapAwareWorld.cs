using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;

namespace CarlaDrl.Driving.World;

/// <summary>
/// A world that knows its town's lane network and lets the task hand its route to the world's autopilot, so that
/// <see cref="PlayerMeasurements.AutopilotControl"/> drives the task's route (the expert for imitation learning).
/// Real CARLA 0.8.4 does not offer this; its autopilot picks turns at random.
/// </summary>
public interface IMapAwareWorld
{
    /// <summary>The town the world simulates.</summary>
    TownMap Town { get; }

    /// <summary>Makes the autopilot follow <paramref name="route"/> (null: random turns, as CARLA's autopilot).</summary>
    void SetPlayerRoute(Route? route);
}
