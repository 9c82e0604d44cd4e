using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// A town: its name as the scene description reports it (e.g. "Town01"), its lane network and its player start
/// spots. Start spots lie on road lanes in both directions, evenly spaced, away from junctions; built-in towns
/// get exactly as many as CARLA 0.8.4's levels list (Town01 152, Town02 83; protocol spec §5).
/// </summary>
public sealed class TownMap
{
    /// <summary>Height of start spots above the road, metres (the CoRL2017 benchmark uses z = 0.22).</summary>
    public const double StartSpotHeightMeters = 0.22;

    /// <summary>Free road kept between a start spot and the start of its lane, metres (room for a car's rear).</summary>
    public const double StartSpotMarginFromLaneStart = 6.0;

    /// <summary>Free road kept between a start spot and the end of its lane (the stop line), metres.</summary>
    public const double StartSpotMarginFromLaneEnd = 10.0;

    public TownMap(string name, RoadNetwork network, int? startSpotCount = null, double startSpotSpacingMeters = 30.0, PlannerMap? plannerMap = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(network);
        Name = name;
        Network = network;
        PlannerMap = plannerMap;
        StartSpots = startSpotCount is int target ? StartSpotsWithCount(network, target) : PlaceStartSpots(network, startSpotSpacingMeters);
        if (StartSpots.Count == 0)
        {
            throw new FormatException($"Town '{name}' has no road long enough for a start spot.");
        }
    }

    public string Name { get; }

    public RoadNetwork Network { get; }

    /// <summary>The planner map the town was built from, when it came from one.</summary>
    public PlannerMap? PlannerMap { get; }

    public IReadOnlyList<StartSpot> StartSpots { get; }

    /// <summary>Builds a town from a CARLA planner map (file or built-in text).</summary>
    public static TownMap FromPlannerMap(string name, PlannerMap map, int? startSpotCount = null, RoadGeometry? geometry = null) =>
        new(name, new RoadNetwork(RoadGraph.FromPlannerMap(map), geometry), startSpotCount, plannerMap: map);

    private static List<StartSpot> PlaceStartSpots(RoadNetwork network, double spacing)
    {
        var spots = new List<StartSpot>();
        foreach (Lane lane in network.Lanes)
        {
            if (lane.Kind != LaneKind.Road)
            {
                continue;
            }

            double usable = lane.Length - StartSpotMarginFromLaneStart - StartSpotMarginFromLaneEnd;
            if (usable < 0)
            {
                continue;
            }

            int n = (int)Math.Floor(usable / spacing) + 1;
            double first = StartSpotMarginFromLaneStart + ((usable - ((n - 1) * spacing)) / 2);
            for (int i = 0; i < n; i++)
            {
                double s = first + (i * spacing);
                LanePose pose = lane.PoseAt(s);
                var transform = Transform.FromPlanar(pose.Position.X, pose.Position.Y, StartSpotHeightMeters, pose.HeadingRadians * Angles.DegreesPerRadian);
                spots.Add(new StartSpot(spots.Count, lane, s, transform));
            }
        }

        return spots;
    }

    private static List<StartSpot> StartSpotsWithCount(RoadNetwork network, int target)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(target);

        // The count falls as the spacing grows: bisect for the widest spacing that still gives enough spots.
        double low = 1.0, high = 500.0;
        if (PlaceStartSpots(network, low).Count < target)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target, "The town's roads cannot hold that many start spots.");
        }

        for (int iteration = 0; iteration < 60; iteration++)
        {
            double mid = 0.5 * (low + high);
            if (PlaceStartSpots(network, mid).Count >= target)
            {
                low = mid;
            }
            else
            {
                high = mid;
            }
        }

        List<StartSpot> spots = PlaceStartSpots(network, low);

        // Drop the surplus evenly through the list, then renumber.
        int surplus = spots.Count - target;
        var keep = new List<StartSpot>(target);
        for (int i = 0, dropped = 0; i < spots.Count; i++)
        {
            bool drop = dropped < surplus && (long)(i + 1) * surplus / spots.Count > dropped;
            if (drop)
            {
                dropped++;
                continue;
            }

            keep.Add(spots[i] with { Index = keep.Count });
        }

        return keep;
    }
}
