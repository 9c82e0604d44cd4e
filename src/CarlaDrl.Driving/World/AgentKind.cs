namespace CarlaDrl.Driving.World;

/// <summary>Which member of the protocol's <c>Agent.agent</c> oneof a non-player agent is (spec §4).</summary>
public enum AgentKind
{
    Vehicle,
    Pedestrian,
    TrafficLight,
    SpeedLimitSign,
}
