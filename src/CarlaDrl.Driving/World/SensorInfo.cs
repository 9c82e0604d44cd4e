namespace CarlaDrl.Driving.World;

/// <summary>A sensor as the scene description lists it (spec §4 <c>Sensor</c>): a 32-bit id, its type and full name.</summary>
public sealed record SensorInfo(uint Id, SensorType Type, string Name);
