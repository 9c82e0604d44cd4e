using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.Tests.Maps;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Tests.Routes;

public sealed class RoutePlannerTests
{
    public static TheoryData<string> Towns => ["Town01", "Town02"];

    [Theory]
    [MemberData(nameof(Towns))]
    public void Routes_between_random_start_spots_are_continuous_and_shortest(string town)
    {
        TownMap map = SharedTowns.Get(town);
        var planner = new RoutePlanner(map.Network);
        var reference = new LaneDistances(map.Network);
        var rng = new Rng(town == "Town01" ? 1 : 2);

        for (int pair = 0; pair < 200; pair++)
        {
            StartSpot start = map.StartSpots[rng.NextInt(map.StartSpots.Count)];
            StartSpot goal = map.StartSpots[rng.NextInt(map.StartSpots.Count)];

            Route? route = planner.Plan(start, goal);

            Assert.NotNull(route);
            AssertContinuous(route);
            Assert.Same(start.Lane, route.Segments[0].Lane);
            Assert.Equal(start.S, route.Segments[0].StartS);
            Assert.Same(goal.Lane, route.Segments[^1].Lane);
            Assert.Equal(goal.S, route.Segments[^1].EndS);
            Assert.True(Vec2.Distance(start.Lane.PositionAt(start.S), route.Start.Position) <= 1e-6);
            Assert.True(Vec2.Distance(goal.Lane.PositionAt(goal.S), route.Goal.Position) <= 1e-6);
            Assert.Equal(start.Lane.PoseAt(start.S).HeadingRadians, route.Start.HeadingRadians, 1e-9);

            // Start spot transforms travel as floats: equal to the route's ends to single precision.
            Assert.Equal(start.Transform.Location.X, route.Start.Position.X, 1e-3);
            Assert.Equal(start.Transform.Location.Y, route.Start.Position.Y, 1e-3);
            Assert.Equal(goal.Transform.Location.X, route.Goal.Position.X, 1e-3);
            Assert.Equal(goal.Transform.Location.Y, route.Goal.Position.Y, 1e-3);

            Assert.Equal(reference.Between(start.Lane, start.S, goal.Lane, goal.S), route.Length, 1e-6);
            Assert.Equal(route.Segments.Sum(s => s.Length), route.Length, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Every_lane_reaches_every_other_lane(string town)
    {
        // Without U-turns this holds only because the towns are not a single ring (see ProceduralTownOptions).
        Assert.True(new LaneDistances(SharedTowns.Get(town).Network).StronglyConnected());
    }

    [Fact]
    public void A_goal_ahead_on_the_same_lane_is_one_stretch()
    {
        Lane lane = SharedTowns.Town01.Network.Lanes.First(l => l.Kind == LaneKind.Road);

        Route route = new RoutePlanner(SharedTowns.Town01.Network).Plan(lane, 2.5, lane, lane.Length - 1)!;

        RouteSegment segment = Assert.Single(route.Segments);
        Assert.Equal(new RouteSegment(lane, 2.5, lane.Length - 1), segment);
        Assert.Equal(lane.Length - 3.5, route.Length, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void A_goal_behind_on_the_same_lane_goes_round_the_block(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;
        var planner = new RoutePlanner(network);
        var reference = new LaneDistances(network);

        foreach (Lane lane in network.Lanes.Where(l => l.Kind == LaneKind.Road))
        {
            Route route = planner.Plan(lane, lane.Length - 1, lane, 1)!;

            Assert.NotNull(route);
            AssertContinuous(route);
            Assert.True(route.Segments.Count > 3);
            Assert.Same(lane, route.Segments[^1].Lane);
            Assert.Equal(reference.Between(lane, lane.Length - 1, lane, 1), route.Length, 1e-6);
        }
    }

    [Fact]
    public void A_route_to_the_start_itself_is_empty()
    {
        StartSpot spot = SharedTowns.Town02.StartSpots[7];

        Route route = new RoutePlanner(SharedTowns.Town02.Network).Plan(spot, spot)!;

        Assert.Equal(0, route.Length);
        Assert.Equal(RouteCommand.ReachGoal, route.CommandAt(0));
    }

    [Fact]
    public void Out_of_range_positions_are_clamped_to_the_lanes()
    {
        RoadNetwork network = SharedTowns.Town02.Network;
        Lane start = network.Lanes[0], goal = network.Lanes[5];

        Route route = new RoutePlanner(network).Plan(start, -10, goal, goal.Length + 10)!;

        Assert.Equal(0, route.Segments[0].StartS);
        Assert.Equal(goal.Length, route.Segments[^1].EndS);
    }

    [Fact]
    public void A_ring_road_has_no_route_against_its_direction()
    {
        // Four corners and no U-turns: the clockwise and counter-clockwise lanes never meet.
        var graph = new RoadGraph([new(0, 0), new(100, 0), new(100, 80), new(0, 80)], [(0, 1), (1, 2), (2, 3), (0, 3)], "ring");
        var network = new RoadNetwork(graph);
        Lane lane = network.Lanes[0];

        Route? route = new RoutePlanner(network).Plan(lane, 10, lane.Opposite!, 10);

        Assert.Null(route);
        Assert.False(new LaneDistances(network).StronglyConnected());
        Assert.NotNull(new RoutePlanner(network).Plan(lane, 10, lane, 5));
    }

    private static void AssertContinuous(Route route)
    {
        for (int i = 0; i < route.Segments.Count; i++)
        {
            RouteSegment segment = route.Segments[i];
            Assert.InRange(segment.StartS, 0, segment.EndS);
            Assert.InRange(segment.EndS, segment.StartS, segment.Lane.Length);
            if (i > 0)
            {
                Assert.Contains(segment.Lane, route.Segments[i - 1].Lane.Successors);
                Assert.Equal(route.Segments[i - 1].Lane.Length, route.Segments[i - 1].EndS);
                Assert.Equal(0, segment.StartS);
            }
        }
    }
}
