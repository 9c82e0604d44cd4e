namespace CarlaDrl.Driving.World;

/// <summary>
/// What a world returns for one frame: measurements plus the sensor data with new data this frame, keyed by
/// sensor name. Worlds reuse one instance; it is valid until the next <see cref="IDrivingWorld.ReadFrame"/>.
/// </summary>
public sealed class WorldFrame
{
    private readonly List<SensorData> _sensorData = [];

    public Measurements Measurements { get; } = new();

    public IReadOnlyList<SensorData> SensorData => _sensorData;

    /// <summary>Finds the data of the sensor named <paramref name="name"/>, if it delivered this frame.</summary>
    public bool TryGetSensor<T>(string name, out T data)
        where T : SensorData
    {
        foreach (SensorData item in _sensorData)
        {
            if (item is T typed && string.Equals(item.Name, name, StringComparison.Ordinal))
            {
                data = typed;
                return true;
            }
        }

        data = null!;
        return false;
    }

    public void ClearSensorData() => _sensorData.Clear();

    public void AddSensorData(SensorData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _sensorData.Add(data);
    }
}
