namespace CarlaDrl.Simulator.Rendering;

/// <summary>CARLA 0.8.4's semantic segmentation labels (spec §8), written in the R channel.</summary>
public enum SemanticLabel : byte
{
    None = 0,
    Buildings = 1,
    Fences = 2,
    Other = 3,
    Pedestrians = 4,
    Poles = 5,
    RoadLines = 6,
    Roads = 7,
    Sidewalks = 8,
    Vegetation = 9,
    Vehicles = 10,
    Walls = 11,
    TrafficSigns = 12,
}
