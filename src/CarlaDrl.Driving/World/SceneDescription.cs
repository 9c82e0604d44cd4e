using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.World;

/// <summary>
/// The world's answer to a new episode (spec §4 <c>SceneDescription</c>): the map name (e.g. "Town01"),
/// the player start spots (locations in metres, orientation and rotation filled) and the sensors with ids.
/// </summary>
public sealed record SceneDescription(string MapName, IReadOnlyList<Transform> PlayerStartSpots, IReadOnlyList<SensorInfo> Sensors);
