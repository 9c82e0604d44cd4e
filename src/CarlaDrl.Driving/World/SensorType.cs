namespace CarlaDrl.Driving.World;

/// <summary>Sensor type as in <c>carla_server.proto</c> <c>Sensor.Type</c> (spec §4).</summary>
public enum SensorType
{
    Unknown = 0,
    Camera = 1,
    LidarRayCast = 2,
}
