using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Tests.Maps;

public sealed class RoadNetworkTests
{
    public static TheoryData<string> Towns => ["Town01", "Town02"];

    [Theory]
    [MemberData(nameof(Towns))]
    public void Every_segment_has_two_opposite_road_lanes_half_a_lane_right_of_the_axis(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;
        RoadGraph graph = network.Graph;
        double half = network.Geometry.LaneWidthMeters / 2;

        for (int s = 0; s < graph.Segments.Count; s++)
        {
            Lane[] lanes = [.. network.Lanes.Where(l => l.Kind == LaneKind.Road && l.Segment == s)];
            Assert.Equal(2, lanes.Length);
            Assert.Same(lanes[0], lanes[1].Opposite);
            Assert.Same(lanes[1], lanes[0].Opposite);
            Assert.Equal((lanes[0].FromNode, lanes[0].ToNode), (lanes[1].ToNode, lanes[1].FromNode));
            Assert.Equal(graph.Segments[s], (Math.Min(lanes[0].FromNode, lanes[0].ToNode), Math.Max(lanes[0].FromNode, lanes[0].ToNode)));

            foreach (Lane lane in lanes)
            {
                Vec2 from = graph.Nodes[lane.FromNode], to = graph.Nodes[lane.ToNode];
                Vec2 direction = (to - from).Normalized;
                double expectedLength = Vec2.Distance(from, to) - network.Junctions[lane.FromNode].SetbackMeters - network.Junctions[lane.ToNode].SetbackMeters;
                Assert.Equal(expectedLength, lane.Length, 1e-9);
                Assert.Equal(TurnDirection.None, lane.Turn);
                for (int i = 0; i < lane.SampleCount; i++)
                {
                    Vec2 rel = lane.SamplePosition(i) - from;
                    Assert.Equal(half, Vec2.Dot(rel, direction.Right), 1e-9);
                    Assert.Equal(0, Angles.WrapRadians(lane.SampleHeading(i) - direction.HeadingRadians), 1e-12);
                }
            }
        }
    }

    [Fact]
    public void A_lane_heading_plus_x_lies_at_plus_two_metres_y_in_ue4()
    {
        // UE4 yaw grows clockwise seen from above, so the right of +X is +Y (Vec2.Right, DESIGN.md §3.2 units).
        RoadNetwork network = SharedTowns.Town01.Network;
        Lane east = network.Lanes.First(l => l.Kind == LaneKind.Road && Math.Abs(l.SampleHeading(0)) < 1e-9);
        Lane west = east.Opposite!;
        Vec2 from = network.Graph.Nodes[east.FromNode];

        Assert.Equal(from.Y + 2.0, east.Start.Y, 1e-9);
        Assert.Equal(from.Y - 2.0, west.Start.Y, 1e-9);
        Assert.Equal(Math.PI, Math.Abs(west.SampleHeading(0)), 1e-9);
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Intersections_have_k_times_k_minus_one_connectors_and_corners_two(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;
        int expectedConnectors = 0;

        foreach (Junction junction in network.Junctions)
        {
            int k = network.Graph.SegmentsAt(junction.Node).Count();
            Assert.Equal(k, junction.ArmDirections.Count);
            Assert.Equal(k >= 3 ? JunctionKind.Intersection : JunctionKind.Corner, junction.Kind);
            Assert.Equal(k * (k - 1), junction.Connectors.Count);
            Assert.Equal(k, junction.Approaches.Count);
            Assert.Equal(k, junction.Exits.Count);
            Assert.All(junction.Connectors, c => Assert.Equal((LaneKind.Junction, junction.Node, junction.Node, junction.Kind), (c.Kind, c.FromNode, c.ToNode, c.JunctionKind)));
            Assert.Equal(
                k * (k - 1),
                network.Lanes.Count(l => l.Kind == LaneKind.Junction && l.FromNode == junction.Node));
            if (junction.Kind == JunctionKind.Corner)
            {
                Assert.Equal(2, junction.Connectors.Count);
            }

            expectedConnectors += k * (k - 1);
        }

        Assert.Equal((2 * network.Graph.Segments.Count) + expectedConnectors, network.Lanes.Count);
        Assert.Contains(network.Junctions, j => j.Kind == JunctionKind.Corner);
        Assert.Contains(network.Junctions, j => j.ArmDirections.Count == 3);
    }

    [Fact]
    public void Town01_has_the_published_junction_mix()
    {
        // Town01.txt: 4 outer corners, 12 T-junctions, no 4-way crossing (a well-known property of CARLA's Town01).
        RoadNetwork network = SharedTowns.Town01.Network;

        Assert.Equal(4, network.Junctions.Count(j => j.Kind == JunctionKind.Corner));
        Assert.Equal(12, network.Junctions.Count(j => j.ArmDirections.Count == 3));
        Assert.DoesNotContain(network.Junctions, j => j.ArmDirections.Count > 3);
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Lanes_join_end_to_start_with_matching_headings(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;

        foreach (Lane lane in network.Lanes)
        {
            Assert.NotEmpty(lane.Successors);
            Assert.NotEmpty(lane.Predecessors);
            if (lane.Kind == LaneKind.Junction)
            {
                Assert.Single(lane.Successors);
                Assert.Single(lane.Predecessors);
            }

            foreach (Lane next in lane.Successors)
            {
                Assert.NotEqual(lane.Kind, next.Kind);
                Assert.Contains(lane, next.Predecessors);
                Assert.True(Vec2.Distance(lane.End, next.Start) <= 1e-9, $"{lane} ends at {lane.End}, {next} starts at {next.Start}");
                double headingGap = Angles.WrapRadians(next.SampleHeading(0) - lane.SampleHeading(lane.SampleCount - 1));
                Assert.True(Math.Abs(headingGap) <= 1e-3, $"{lane} → {next}: heading jumps {headingGap} rad");
            }

            // No U-turns: a connector never leads back onto the opposite lane of the road it came from.
            if (lane.Kind == LaneKind.Junction)
            {
                Assert.NotSame(lane.Predecessors[0].Opposite, lane.Successors[0]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Turn_classification_matches_the_sign_of_the_heading_change(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;

        foreach (Lane connector in network.Lanes.Where(l => l.Kind == LaneKind.Junction))
        {
            double change = Angles.WrapRadians(connector.SampleHeading(connector.SampleCount - 1) - connector.SampleHeading(0));

            // UE4 yaw grows clockwise, so a right turn increases the heading.
            TurnDirection expected = Math.Abs(change) < 0.1 ? TurnDirection.Straight : change > 0 ? TurnDirection.Right : TurnDirection.Left;
            Assert.Equal(expected, connector.Turn);
            if (connector.Turn != TurnDirection.Straight)
            {
                Assert.Equal(Math.PI / 2, Math.Abs(change), 1e-6);
                Assert.Equal(Math.Sign(change), Math.Sign(connector.SampleCurvature(connector.SampleCount / 2)));
            }
            else
            {
                Assert.Equal(0, connector.MaxAbsCurvature);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Ninety_degree_turns_have_the_radius_of_the_setback_plus_or_minus_half_a_lane(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;
        double half = network.Geometry.LaneWidthMeters / 2;

        foreach (Junction junction in network.Junctions)
        {
            foreach (Lane turn in junction.Connectors.Where(c => c.Turn is TurnDirection.Left or TurnDirection.Right))
            {
                // A right turn hugs the inner corner, a left turn crosses the far lane (right-hand traffic).
                double radius = turn.Turn == TurnDirection.Right ? junction.SetbackMeters - half : junction.SetbackMeters + half;

                Assert.Equal(1 / radius, turn.MaxAbsCurvature, 0.02 / radius);
                Assert.Equal(1 / radius, MeasuredMaxCurvature(turn), 0.02 / radius);
                Assert.Equal(Math.PI / 2 * radius, turn.Length, 0.01 * radius);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void TryLocate_finds_the_lane_of_points_sampled_on_it(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;
        var rng = new Rng(20170101);

        for (int trial = 0; trial < 2000; trial++)
        {
            Lane lane = network.Lanes[rng.NextInt(network.Lanes.Count)];
            double s = rng.Uniform(0, lane.Length);
            LanePose pose = lane.PoseAt(s);

            Assert.True(network.TryLocate(pose.Position, pose.HeadingRadians, 1.0, out LaneLocation found), $"nothing found at {pose.Position} on {lane}");

            // Connectors of one approach overlap where they leave it, and lanes touch at their ends: any lane that
            // passes through the point with the same heading is a right answer there.
            LanePose foundPose = found.Lane.PoseAt(found.S);
            Assert.True(
                found.Lane == lane || Vec2.Distance(foundPose.Position, pose.Position) <= 0.01,
                $"{pose.Position} on {lane} (s = {s:0.###}) located on {found.Lane} at {foundPose.Position}");
            Assert.True(Math.Abs(found.Lateral) <= 0.01, $"lateral {found.Lateral} on {found.Lane}");
            Assert.True(Math.Abs(found.HeadingErrorRadians) <= 0.05, $"heading error {found.HeadingErrorRadians} on {found.Lane}");
            if (found.Lane == lane)
            {
                Assert.Equal(s, found.S, 1e-6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void TryLocate_measures_the_lateral_offset_on_road_lanes(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;
        Lane[] roads = [.. network.Lanes.Where(l => l.Kind == LaneKind.Road)];
        var rng = new Rng(42);

        for (int trial = 0; trial < 1000; trial++)
        {
            Lane lane = roads[rng.NextInt(roads.Length)];
            double s = rng.Uniform(1, lane.Length - 1);
            double lateral = rng.Uniform(-1.5, 1.5);
            LanePose pose = lane.PoseAt(s);
            Vec2 point = pose.Position + (Vec2.FromHeading(pose.HeadingRadians).Right * lateral);

            Assert.True(network.TryLocate(point, pose.HeadingRadians, 2.0, out LaneLocation found));

            Assert.Same(lane, found.Lane);
            Assert.Equal(s, found.S, 1e-6);
            Assert.Equal(lateral, found.Lateral, 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void The_heading_picks_the_direction_of_a_two_way_road(string town)
    {
        RoadNetwork network = SharedTowns.Get(town).Network;

        foreach (Lane lane in network.Lanes.Where(l => l.Kind == LaneKind.Road))
        {
            LanePose pose = lane.PoseAt(lane.Length / 2);
            Vec2 axis = pose.Position - (Vec2.FromHeading(pose.HeadingRadians).Right * (network.Geometry.LaneWidthMeters / 2));

            Assert.True(network.TryLocate(axis, pose.HeadingRadians, 3.0, out LaneLocation along));
            Assert.True(network.TryLocate(axis, pose.HeadingRadians + Math.PI, 3.0, out LaneLocation against));
            Assert.True(network.TryLocate(pose.Position, pose.HeadingRadians + Math.PI, 5.0, out LaneLocation wrongWay));

            Assert.Same(lane, along.Lane);
            Assert.Equal(-2.0, along.Lateral, 1e-9);
            Assert.Same(lane.Opposite, against.Lane);
            Assert.Equal(-2.0, against.Lateral, 1e-9);

            // Driving against the traffic on a lane: one radian weighs one lane width, so the opposite lane 4 m away wins.
            Assert.Same(lane.Opposite, wrongWay.Lane);
            Assert.Equal(-4.0, wrongWay.Lateral, 1e-9);
        }
    }

    [Fact]
    public void TryLocate_gives_up_beyond_the_maximum_distance()
    {
        RoadNetwork network = SharedTowns.Town01.Network;
        Lane lane = network.Lanes.Where(l => l.Kind == LaneKind.Road).MaxBy(l => l.Length)!;
        LanePose pose = lane.PoseAt(lane.Length / 2);

        // 2.9 m to the right of a lane is off the road, on the side away from the opposite lane.
        Vec2 kerb = pose.Position + (Vec2.FromHeading(pose.HeadingRadians).Right * 2.9);

        Assert.True(network.TryLocate(kerb, null, 3.0, out LaneLocation found));
        Assert.Same(lane, found.Lane);
        Assert.Equal(2.9, found.Lateral, 1e-9);
        Assert.False(network.TryLocate(kerb, null, 2.5, out _));
        Assert.False(network.TryLocate(network.Max + new Vec2(50, 50), null, 10, out _));
    }

    [Fact]
    public void Geometry_out_of_range_is_rejected_with_the_option_name()
    {
        RoadGraph graph = SharedTowns.Town02.Network.Graph;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new RoadNetwork(graph, RoadGeometry.Carla084 with { LaneWidthMeters = 1 }));

        Assert.Equal(nameof(RoadGeometry.LaneWidthMeters), error.ParamName);
        Assert.Contains("RoadGeometry.LaneWidthMeters = 1 is out of range; allowed: 2..8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_road_too_short_for_its_setbacks_is_rejected_with_its_nodes()
    {
        // Town02's shortest roads are 6 node units = 49.3 m; setbacks of 22 m at both ends leave 5.3 m < 6 m.
        RoadGraph graph = SharedTowns.Town02.Network.Graph;

        var error = Assert.Throws<FormatException>(() => new RoadNetwork(graph, RoadGeometry.Carla084 with { IntersectionSetbackMeters = 22 }));

        Assert.Contains("remain (minimum 6 m)", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"between \d+,\d+ .* and \d+,\d+ ", error.Message);
    }

    /// <summary>Largest Menger curvature (circle through three consecutive samples), independent of the stored values.</summary>
    private static double MeasuredMaxCurvature(Lane lane)
    {
        double max = 0;
        for (int i = 1; i < lane.SampleCount - 1; i++)
        {
            Vec2 a = lane.SamplePosition(i - 1), b = lane.SamplePosition(i), c = lane.SamplePosition(i + 1);
            double twiceArea = Math.Abs(Vec2.Cross(b - a, c - a));
            max = Math.Max(max, 2 * twiceArea / (Vec2.Distance(a, b) * Vec2.Distance(b, c) * Vec2.Distance(a, c)));
        }

        return max;
    }
}
