namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// What drivers perceive in one tick: traffic vehicles by lane, free bodies (player, pedestrians on the road), the
/// lights, and a scratch buffer for path samples. One per world; drivers use it one after another.
/// </summary>
public sealed class TrafficContext
{
    internal const int MaxPathSamples = 64;

    public TrafficContext(int laneCount, TrafficLightSystem lights)
    {
        Occupancy = new LaneOccupancy(laneCount);
        Lights = lights ?? throw new ArgumentNullException(nameof(lights));
    }

    public ObstacleField Bodies { get; } = new();

    public LaneOccupancy Occupancy { get; }

    public TrafficLightSystem Lights { get; }

    /// <summary>The traffic vehicles the occupancy indexes.</summary>
    public List<TrafficVehicle> Vehicles { get; internal set; } = [];

    internal double[] PathX { get; } = new double[MaxPathSamples];

    internal double[] PathY { get; } = new double[MaxPathSamples];

    internal double[] PathHeading { get; } = new double[MaxPathSamples];
}
