namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// A group of render boxes that belong to one piece of scenery (a tree's trunk and crown, a lamp's pole and head):
/// culled once as a whole with its bounding sphere (centre m, radius m) and its widest horizontal half extent (m).
/// </summary>
internal readonly record struct SceneObject(double X, double Y, double Z, double Radius, double HalfExtent, int FirstBox, int BoxCount);
