namespace CarlaDrl.Driving.World;

/// <summary>
/// One tick of a ray-cast lidar (spec §7): <see cref="PointCount"/> points of x, y, z in metres in
/// <see cref="Points"/> (lidar-centred and yaw-aligned, CARLA's sign convention), grouped by channel.
/// Buffers are sized for the largest tick and reused.
/// </summary>
public sealed class LidarMeasurement : SensorData
{
    public LidarMeasurement(uint sensorId, string name, int channels, int maxPoints)
        : base(sensorId, name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(maxPoints);
        PointsPerChannel = new uint[channels];
        Points = new float[3 * maxPoints];
    }

    /// <summary>Horizontal angle of the head at the end of the tick, degrees 0..360.</summary>
    public float HorizontalAngle { get; set; }

    public int ChannelCount => PointsPerChannel.Length;

    public uint[] PointsPerChannel { get; }

    /// <summary>x, y, z triples; only the first 3·<see cref="PointCount"/> values are valid.</summary>
    public float[] Points { get; private set; }

    public int PointCount { get; set; }

    /// <summary>Grows the point buffer when a tick needs more room.</summary>
    public void EnsureCapacity(int points)
    {
        if (Points.Length < 3 * points)
        {
            Points = new float[3 * points];
        }
    }
}
