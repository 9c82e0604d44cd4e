namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// What covers one cell of the town's ground raster. Road cells outside junctions carry a lane direction;
/// the kinds from <see cref="Building"/> on are solid (the player collides with them).
/// </summary>
public enum SurfaceKind : byte
{
    Road = 0,
    Junction = 1,
    Sidewalk = 2,
    Grass = 3,
    Building = 4,
    Wall = 5,
    Fence = 6,
    Pole = 7,
    Vegetation = 8,
}
