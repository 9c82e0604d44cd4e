namespace CarlaDrl.Driving.Maps;

/// <summary>
/// Settings of <see cref="ProceduralTownGenerator"/>: a grid of <see cref="BlocksX"/> × <see cref="BlocksY"/> blocks
/// with random spacing, of which a share of the interior roads is removed to make T-junctions and bends.
/// Immutable; <see cref="Validate"/> names the offending option and its allowed range.
/// </summary>
public sealed record ProceduralTownOptions
{
    /// <summary>
    /// Fewest blocks per axis. A 1-block-wide grid can lose every rung and become a single ring, and without U-turns
    /// a ring's two directions are separate lane cycles (no route from one to the other).
    /// </summary>
    public const int MinBlocks = 2;

    public const int MaxBlocks = 12;

    public const double MinBlockLengthLimitMeters = 40;

    public const double MaxBlockLengthLimitMeters = 200;

    public const double MaxRemovedRoadFraction = 0.5;

    /// <summary>Closest start spots on one lane may be (benchmark start/goal pairs need distinct places), metres.</summary>
    public const double MinStartSpotSpacingMeters = 10;

    public const double MaxStartSpotSpacingMeters = 1000;

    /// <summary>Seed of the town; the same seed and options give the same town.</summary>
    public long Seed { get; init; }

    /// <summary>Blocks along X (grid lines = blocks + 1).</summary>
    public int BlocksX { get; init; } = 4;

    /// <summary>Blocks along Y (grid lines = blocks + 1).</summary>
    public int BlocksY { get; init; } = 3;

    /// <summary>Shortest distance between neighbouring grid lines, metres.</summary>
    public double MinBlockLengthMeters { get; init; } = 60;

    /// <summary>Longest distance between neighbouring grid lines, metres.</summary>
    public double MaxBlockLengthMeters { get; init; } = 120;

    /// <summary>Share of the interior roads to remove (fewer when removing more would cut the town or leave a dead end).</summary>
    public double RemovedRoadFraction { get; init; } = 0.25;

    /// <summary>Spacing of start spots along each road lane, metres; null takes <see cref="TownMap"/>'s default.</summary>
    public double? StartSpotSpacingMeters { get; init; }

    public RoadGeometry RoadGeometry { get; init; } = RoadGeometry.Carla084;

    /// <summary>
    /// Shortest block that the road geometry allows: two junction setbacks plus a lane that is long enough for the
    /// network (<see cref="RoadGeometry.MinRoadLaneLengthMeters"/>) and for one start spot with its margins.
    /// </summary>
    public double ShortestFeasibleBlockMeters =>
        (2 * Math.Max(RoadGeometry.IntersectionSetbackMeters, RoadGeometry.CornerSetbackMeters))
        + Math.Max(RoadGeometry.MinRoadLaneLengthMeters, TownMap.StartSpotMarginFromLaneStart + TownMap.StartSpotMarginFromLaneEnd);

    public ProceduralTownOptions Validate()
    {
        ArgumentNullException.ThrowIfNull(RoadGeometry, nameof(RoadGeometry));
        RoadGeometry.Validate();
        Check(BlocksX, MinBlocks, MaxBlocks, nameof(BlocksX));
        Check(BlocksY, MinBlocks, MaxBlocks, nameof(BlocksY));
        Check(MinBlockLengthMeters, MinBlockLengthLimitMeters, MaxBlockLengthLimitMeters, nameof(MinBlockLengthMeters));
        Check(MaxBlockLengthMeters, MinBlockLengthMeters, MaxBlockLengthLimitMeters, nameof(MaxBlockLengthMeters), $"{nameof(MinBlockLengthMeters)} ({MinBlockLengthMeters})");
        Check(RemovedRoadFraction, 0, MaxRemovedRoadFraction, nameof(RemovedRoadFraction));
        if (StartSpotSpacingMeters is double spacing)
        {
            Check(spacing, MinStartSpotSpacingMeters, MaxStartSpotSpacingMeters, nameof(StartSpotSpacingMeters));
        }

        double shortest = ShortestFeasibleBlockMeters;
        if (MinBlockLengthMeters < shortest)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MinBlockLengthMeters),
                MinBlockLengthMeters,
                $"ProceduralTownOptions.{nameof(MinBlockLengthMeters)} = {MinBlockLengthMeters} is too short for the road geometry: junction setbacks of "
                + $"{Math.Max(RoadGeometry.IntersectionSetbackMeters, RoadGeometry.CornerSetbackMeters)} m at both ends must leave a lane of at least "
                + $"{shortest - (2 * Math.Max(RoadGeometry.IntersectionSetbackMeters, RoadGeometry.CornerSetbackMeters))} m "
                + $"(RoadGeometry.{nameof(RoadGeometry.MinRoadLaneLengthMeters)} and room for a start spot); allowed: {shortest}..{MaxBlockLengthLimitMeters}.");
        }

        return this;
    }

    private static void Check(double value, double min, double max, string name, string? minName = null)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"ProceduralTownOptions.{name} = {value} is out of range; allowed: {minName ?? $"{min}"}..{max}.");
        }
    }
}
