namespace CarlaDrl.Driving.Routes;

/// <summary>CARLA's high-level planner commands, with the benchmark's float values (corl2017 spec §4).</summary>
public enum RouteCommand
{
    ReachGoal = 0,
    LaneFollow = 2,
    TurnLeft = 3,
    TurnRight = 4,
    GoStraight = 5,
}
