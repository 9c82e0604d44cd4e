namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// What drivers perceive in one tick: traffic vehicles by lane, free bodies (player, pedestrians on the road), the
/// lights, and a scratch buffer for path samples. One per world; drivers use it one after another.
/// </summary>
public sealed class TrafficContext
{
    internal const int MaxPathSamples = 64;

    public TrafficContext(Driving.Maps.RoadNetwork network, TrafficLightSystem lights)
    {
        ArgumentNullException.ThrowIfNull(network);
        Occupancy = new LaneOccupancy(network.Lanes.Count);
        Junctions = network.Junctions;
        Lights = lights ?? throw new ArgumentNullException(nameof(lights));
    }

    /// <summary>Length of one world tick, s.</summary>
    public double TickSeconds { get; init; } = 0.1;

    /// <summary>The town's junctions, by node.</summary>
    public IReadOnlyList<Driving.Maps.Junction> Junctions { get; }

    public ObstacleField Bodies { get; } = new();

    public LaneOccupancy Occupancy { get; }

    public TrafficLightSystem Lights { get; }

    /// <summary>Where the player's car is this tick (traffic yields to it at junctions).</summary>
    public Driving.Geometry.Vec2 PlayerPosition { get; set; }

    /// <summary>The player's yaw this tick, radians.</summary>
    public double PlayerYaw { get; set; }

    /// <summary>The traffic vehicles the occupancy indexes.</summary>
    public List<TrafficVehicle> Vehicles { get; internal set; } = [];

    internal double[] PathX { get; } = new double[MaxPathSamples];

    internal double[] PathY { get; } = new double[MaxPathSamples];

    internal double[] PathHeading { get; } = new double[MaxPathSamples];
}
