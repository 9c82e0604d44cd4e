namespace CarlaDrl.Driving.World;

/// <summary>Data of one sensor in one frame; the concrete type says which kind.</summary>
public abstract class SensorData
{
    protected SensorData(uint sensorId, string name)
    {
        SensorId = sensorId;
        Name = name;
    }

    /// <summary>The id from the scene description.</summary>
    public uint SensorId { get; }

    /// <summary>The sensor's full name, as in the episode settings.</summary>
    public string Name { get; }

    /// <summary>Engine frame at capture.</summary>
    public ulong FrameNumber { get; set; }
}
