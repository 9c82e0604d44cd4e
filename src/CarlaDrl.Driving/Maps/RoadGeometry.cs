namespace CarlaDrl.Driving.Maps;

/// <summary>
/// How a road graph becomes lanes. Defaults are measured on CARLA 0.8.4's Town01 planner images
/// (../shared/data/carla-0.8.4-planner, 0.1643 m/px): roads are 49 px ≈ 8.0 m wide (two 4.0 m lanes, right-hand
/// traffic), intersection areas extend 58 px ≈ 9.5 m from the node along each arm, and the outer-ring corners
/// have a centre-line radius of ≈ 7.7 m.
/// </summary>
public sealed record RoadGeometry
{
    public static readonly RoadGeometry Carla084 = new();

    /// <summary>Width of one lane, metres.</summary>
    public double LaneWidthMeters { get; init; } = 4.0;

    /// <summary>Width of the sidewalk along each road edge, metres.</summary>
    public double SidewalkWidthMeters { get; init; } = 3.0;

    /// <summary>Distance from an intersection node (3+ arms) to where its arms' lanes end, metres.</summary>
    public double IntersectionSetbackMeters { get; init; } = 9.5;

    /// <summary>Distance from a corner node (2 arms) to where the curve begins, metres (= centre-line radius for 90°).</summary>
    public double CornerSetbackMeters { get; init; } = 7.7;

    /// <summary>Spacing of the points that sample each lane's centre line, metres.</summary>
    public double SampleSpacingMeters { get; init; } = 0.5;

    /// <summary>Shortest lane between two junctions that the network accepts, metres.</summary>
    public double MinRoadLaneLengthMeters { get; init; } = 6.0;

    public RoadGeometry Validate()
    {
        Check(LaneWidthMeters, 2.0, 8.0, nameof(LaneWidthMeters));
        Check(SidewalkWidthMeters, 0.5, 10.0, nameof(SidewalkWidthMeters));
        Check(IntersectionSetbackMeters, LaneWidthMeters, 50.0, nameof(IntersectionSetbackMeters));
        Check(CornerSetbackMeters, 0.5 * LaneWidthMeters, 50.0, nameof(CornerSetbackMeters));
        Check(SampleSpacingMeters, 0.05, 2.0, nameof(SampleSpacingMeters));
        Check(MinRoadLaneLengthMeters, 1.0, 100.0, nameof(MinRoadLaneLengthMeters));
        return this;
    }

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"RoadGeometry.{name} = {value} is out of range; allowed: {min}..{max}.");
        }
    }
}
