using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Client;

/// <summary>A sensor of the current scene, keyed by its id, with the data object reused frame to frame.</summary>
internal sealed class SensorSlot(SensorInfo info)
{
    public SensorInfo Info { get; } = info;

    public SensorData? Data { get; set; }
}
