using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Driving.Tests.Maps;

public sealed class TownMapTests
{
    public static TheoryData<string, int> Towns => new() { { "Town01", 152 }, { "Town02", 83 } };

    [Theory]
    [MemberData(nameof(Towns))]
    public void Towns_have_exactly_the_start_spot_count_of_the_carla_levels(string town, int count)
    {
        // Protocol spec §5: CARLA 0.8.4's Town01 lists 152 player starts and Town02 83.
        Assert.Equal(count, SharedTowns.Get(town).StartSpots.Count);
        Assert.True(BuiltInTowns.TryGet(town.ToLowerInvariant(), out TownMap builtIn));
        Assert.Equal(count, builtIn.StartSpots.Count);
        Assert.Equal(town, builtIn.Name);
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Start_spots_lie_on_road_lanes_away_from_the_junctions(string town, int count)
    {
        TownMap map = SharedTowns.Get(town);

        Assert.Equal(Enumerable.Range(0, count), map.StartSpots.Select(s => s.Index));
        foreach (StartSpot spot in map.StartSpots)
        {
            Assert.Equal(LaneKind.Road, spot.Lane.Kind);
            Assert.Same(spot.Lane, map.Network.Lanes[spot.Lane.Id]);
            Assert.InRange(spot.S, TownMap.StartSpotMarginFromLaneStart, spot.Lane.Length - TownMap.StartSpotMarginFromLaneEnd);

            // The transform is the lane pose at S (single precision on the wire), at the benchmark's z.
            LanePose pose = spot.Lane.PoseAt(spot.S);
            Assert.Equal(pose.Position.X, spot.Transform.Location.X, 1e-3);
            Assert.Equal(pose.Position.Y, spot.Transform.Location.Y, 1e-3);
            Assert.Equal(TownMap.StartSpotHeightMeters, spot.Transform.Location.Z, 1e-6);
            Assert.Equal(0, Angles.WrapDegrees(spot.Transform.Rotation.YawDegrees - (pose.HeadingRadians * Angles.DegreesPerRadian)), 1e-3);
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Start_spots_on_one_lane_are_at_least_ten_metres_apart(string town, int count)
    {
        TownMap map = SharedTowns.Get(town);

        foreach (IGrouping<Lane, StartSpot> lane in map.StartSpots.GroupBy(s => s.Lane))
        {
            double[] s = [.. lane.Select(x => x.S).Order()];
            for (int i = 1; i < s.Length; i++)
            {
                Assert.True(s[i] - s[i - 1] >= 10, $"{lane.Key}: spots at {s[i - 1]:0.##} and {s[i]:0.##} m");
            }
        }

        Assert.True(map.StartSpots.Select(s => s.Lane).Distinct().Count() > count / 4, "spots should spread over the town");
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Start_spots_cover_both_travel_directions(string town, int count)
    {
        TownMap map = SharedTowns.Get(town);

        // Each road's two lanes: the one from the lower node index and the one back.
        int forward = map.StartSpots.Count(s => s.Lane.FromNode < s.Lane.ToNode);
        int backward = map.StartSpots.Count(s => s.Lane.FromNode > s.Lane.ToNode);
        Assert.Equal(count, forward + backward);
        Assert.InRange(forward, (int)(0.4 * count), (int)(0.6 * count));

        // All four compass headings of the axis-aligned towns carry spots.
        int[] quadrants = [.. map.StartSpots.Select(s => (int)Math.Round(Angles.WrapDegrees(s.Transform.Rotation.YawDegrees) / 90.0) & 3).Distinct().Order()];
        Assert.Equal([0, 1, 2, 3], quadrants);
    }

    [Fact]
    public void Without_a_count_spots_are_evenly_spaced_and_centred_on_each_lane()
    {
        RoadNetwork network = SharedTowns.Town02.Network;

        var map = new TownMap("spaced", network, startSpotSpacingMeters: 20);

        foreach (Lane lane in network.Lanes.Where(l => l.Kind == LaneKind.Road))
        {
            double[] s = [.. map.StartSpots.Where(x => x.Lane == lane).Select(x => x.S)];
            double usable = lane.Length - TownMap.StartSpotMarginFromLaneStart - TownMap.StartSpotMarginFromLaneEnd;
            Assert.Equal((int)Math.Floor(usable / 20) + 1, s.Length);
            for (int i = 1; i < s.Length; i++)
            {
                Assert.Equal(20, s[i] - s[i - 1], 1e-9);
            }

            // Centred in the usable stretch: equal slack at both ends.
            Assert.Equal(s[0] - TownMap.StartSpotMarginFromLaneStart, lane.Length - TownMap.StartSpotMarginFromLaneEnd - s[^1], 1e-9);
        }
    }

    [Fact]
    public void More_spots_than_the_roads_hold_are_rejected()
    {
        RoadNetwork network = SharedTowns.Town02.Network;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TownMap("crowded", network, startSpotCount: 100_000));

        Assert.Equal("target", error.ParamName);
    }

    [Fact]
    public void Unknown_built_in_towns_are_not_found()
    {
        Assert.False(BuiltInTowns.TryGet("Town03", out _));
        Assert.True(BuiltInTowns.TryGet(" TOWN02 ", out TownMap town02));
        Assert.Same(BuiltInTowns.Town02, town02);
        Assert.Equal(["Town01", "Town02"], BuiltInTowns.Names);
    }
}
