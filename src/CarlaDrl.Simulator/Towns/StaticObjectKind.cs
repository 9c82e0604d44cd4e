namespace CarlaDrl.Simulator.Towns;

/// <summary>Kinds of static scenery; each maps to a CARLA 0.8.4 semantic class for rendering and collisions.</summary>
public enum StaticObjectKind
{
    Building,
    Wall,
    Fence,
    Pole,
    TrafficLightPole,
    Tree,
    SpeedLimitSign,
}
