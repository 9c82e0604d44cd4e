namespace CarlaDrl.Driving.World;

/// <summary>Traffic-light state, numbered as in <c>carla_server.proto</c> (spec §4).</summary>
public enum TrafficLightState
{
    Green = 0,
    Yellow = 1,
    Red = 2,
}
