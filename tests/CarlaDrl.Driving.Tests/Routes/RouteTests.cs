using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.Tests.Maps;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Tests.Routes;

public sealed class RouteTests
{
    public static TheoryData<string> Towns => ["Town01", "Town02"];

    [Fact]
    public void Command_constants_follow_carla_planner_units()
    {
        // corl2017 spec §8: one node unit is 8.215 m; LANE_FOLLOW beyond 4 node units from every intersection.
        Assert.Equal(8.215, Route.ReachGoalMeters, 1e-12);
        Assert.Equal(32.86, Route.CommandLookaheadMeters, 1e-12);
        Assert.Equal([0, 2, 3, 4, 5], Enum.GetValues<RouteCommand>().Select(c => (int)c));
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Commands_follow_the_next_intersection_and_the_goal(string town)
    {
        foreach (Route route in RandomRoutes(town, 100, seed: 11))
        {
            double[] turnStarts = [.. IntersectionStretches(route).Select(i => route.SegmentStartDistance(i))];

            // Offsets off the 0.5 m grid keep samples away from stretch boundaries.
            for (double d = 0.123; d < route.Length; d += 0.5)
            {
                RouteCommand command = route.CommandAt(d);
                if (route.Length - d <= Route.ReachGoalMeters)
                {
                    Assert.Equal(RouteCommand.ReachGoal, command);
                    continue;
                }

                int next = IntersectionStretches(route).FirstOrDefault(i => route.SegmentStartDistance(i) + route.Segments[i].Length > d, -1);
                if (next < 0 || route.SegmentStartDistance(next) - d > Route.CommandLookaheadMeters)
                {
                    Assert.Equal(RouteCommand.LaneFollow, command);
                }
                else
                {
                    Assert.Equal(ExpectedTurn(route.Segments[next].Lane), command);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void The_turn_command_comes_just_before_an_intersection_turn(string town)
    {
        int turnsChecked = 0;
        foreach (Route route in RandomRoutes(town, 100, seed: 12))
        {
            foreach (int i in IntersectionStretches(route))
            {
                // One metre before the stop line, on the approach lane (stretch i − 1).
                double at = route.SegmentStartDistance(i) - 1;
                bool onApproach = i > 0 && at > route.SegmentStartDistance(i - 1);
                if (!onApproach || route.Length - at <= Route.ReachGoalMeters || route.Segments[i].Lane.Turn == TurnDirection.Straight)
                {
                    continue;
                }

                RouteCommand expected = route.Segments[i].Lane.Turn == TurnDirection.Left ? RouteCommand.TurnLeft : RouteCommand.TurnRight;
                Assert.Equal(expected, route.CommandAt(at));
                Assert.Equal(expected, route.CommandAt(route.SegmentStartDistance(i) + (route.Segments[i].Length / 2)));
                turnsChecked++;
            }
        }

        Assert.True(turnsChecked > 50, $"only {turnsChecked} turns checked");
    }

    [Fact]
    public void Corners_give_no_command()
    {
        // Corners (two roads) carry no lights and no planner command: a route round a corner stays on LANE_FOLLOW.
        TownMap map = SharedTowns.Town01;
        Junction corner = map.Network.Junctions.First(j => j.Kind == JunctionKind.Corner);
        Lane connector = corner.Connectors[0];
        Lane before = connector.Predecessors[0], after = connector.Successors[0];

        Route route = new RoutePlanner(map.Network).Plan(before, before.Length - 5, after, after.Length - 10)!;

        Assert.Equal(3, route.Segments.Count);
        Assert.Equal(0, route.TurnCount);
        Assert.Equal(RouteCommand.LaneFollow, route.CommandAt(0));
        Assert.Equal(RouteCommand.LaneFollow, route.CommandAt(5 + (connector.Length / 2)));
        Assert.Equal(RouteCommand.ReachGoal, route.CommandAt(route.Length - 1));
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Project_recovers_distance_and_lateral_offset(string town)
    {
        var rng = new Rng(13);
        foreach (Route route in RandomRoutes(town, 100, seed: 14))
        {
            for (int trial = 0; trial < 20; trial++)
            {
                double distance = rng.Uniform(0, route.Length);
                double lateral = rng.Uniform(-1.8, 1.8);
                LanePose pose = route.PoseAt(distance);
                Vec2 point = pose.Position + (Vec2.FromHeading(pose.HeadingRadians).Right * lateral);

                (double foundDistance, double foundLateral) = route.Project(point, distance + rng.Uniform(-3, 3), 10);

                // Exact on straight lanes. On turns poses interpolate the heading between samples while positions follow
                // the chords, so an offset point lands up to |lateral|·Δψ/2 along (Δψ = spacing/radius ≤ 0.09 rad).
                Lane lane = route.Segments[route.Locate(distance).Segment].Lane;
                double distanceTolerance = lane.MaxAbsCurvature == 0 ? 1e-6 : 1e-6 + (Math.Abs(lateral) * lane.Spacing * lane.MaxAbsCurvature / 2);
                Assert.True(Math.Abs(foundDistance - distance) <= distanceTolerance, $"distance {distance:0.###} projected to {foundDistance:0.###} on {lane}");
                Assert.True(Math.Abs(foundLateral - lateral) <= (lane.MaxAbsCurvature == 0 ? 1e-6 : 0.01), $"lateral {lateral:0.###} projected to {foundLateral:0.###} on {lane}");
            }
        }
    }

    [Fact]
    public void Locate_and_PoseAt_clamp_to_the_route()
    {
        Route route = RandomRoutes("Town02", 1, seed: 15)[0];

        Assert.Equal((0, route.Segments[0].StartS), route.Locate(-5));
        Assert.Equal(route.Goal, route.PoseAt(route.Length + 5));
        (int last, double s) = route.Locate(route.Length);
        Assert.Equal(route.Segments.Count - 1, last);
        Assert.Equal(route.Segments[^1].EndS, s, 1e-9);
    }

    [Fact]
    public void A_route_rejects_stretches_that_do_not_follow_each_other()
    {
        RoadNetwork network = SharedTowns.Town01.Network;
        Lane lane = network.Lanes[0];

        Assert.Throws<ArgumentException>(() => new Route([]));
        var error = Assert.Throws<ArgumentException>(() => new Route([new RouteSegment(lane, 0, lane.Length), new RouteSegment(lane.Opposite!, 0, 1)]));
        Assert.Contains("does not follow", error.Message, StringComparison.Ordinal);
    }

    private static RouteCommand ExpectedTurn(Lane connector)
    {
        // The geometry decides, not the lane's label: UE4 yaw grows clockwise, so a right turn raises the heading.
        double change = Angles.WrapRadians(connector.SampleHeading(connector.SampleCount - 1) - connector.SampleHeading(0));
        return Math.Abs(change) < 0.1 ? RouteCommand.GoStraight : change > 0 ? RouteCommand.TurnRight : RouteCommand.TurnLeft;
    }

    private static IEnumerable<int> IntersectionStretches(Route route) =>
        Enumerable.Range(0, route.Segments.Count).Where(i => route.Segments[i].Lane.JunctionKind == JunctionKind.Intersection);

    private static List<Route> RandomRoutes(string town, int count, ulong seed)
    {
        TownMap map = SharedTowns.Get(town);
        var planner = new RoutePlanner(map.Network);
        var rng = new Rng(seed);
        var routes = new List<Route>();
        while (routes.Count < count)
        {
            Route? route = planner.Plan(map.StartSpots[rng.NextInt(map.StartSpots.Count)], map.StartSpots[rng.NextInt(map.StartSpots.Count)]);
            if (route is not null && route.Length > 0)
            {
                routes.Add(route);
            }
        }

        return routes;
    }
}
