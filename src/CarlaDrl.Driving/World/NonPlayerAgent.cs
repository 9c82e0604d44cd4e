using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.World;

/// <summary>
/// One non-player agent of a frame (spec §6): <see cref="Id"/> is stable within an episode. Vehicles and pedestrians
/// carry <see cref="BoundingBox"/> and <see cref="ForwardSpeed"/> (m/s); traffic lights <see cref="TrafficLightState"/>;
/// speed-limit signs <see cref="SpeedLimit"/> in m/s.
/// </summary>
public readonly record struct NonPlayerAgent(
    uint Id,
    AgentKind Kind,
    Transform Transform,
    BoundingBox BoundingBox,
    float ForwardSpeed,
    TrafficLightState TrafficLightState,
    float SpeedLimit);
