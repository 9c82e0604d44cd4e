using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Tests.Towns;

/// <summary>
/// The ground raster and the placed scenery of the built-in towns: roads where the lanes are, with their direction;
/// sidewalks 2–5 m right of every lane centre (4–7 m from the road axis); closed sidewalk loops joined by crosswalks;
/// nothing solid near a lane; light poles on the sidewalk; start spots on the road.
/// </summary>
public sealed class TownLayoutTests
{
    public static TheoryData<string> Towns => new() { "Town01", "Town02" };

    private static TownLayout Layout(string town)
    {
        Assert.True(TownCatalog.TryResolve(town, out TownMap map));
        return TownLayout.For(map);
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Lane_centres_are_road_cells_carrying_the_lane_direction(string town)
    {
        TownLayout layout = Layout(town);
        int samples = 0;
        foreach (Lane lane in layout.Network.Lanes.Where(l => l.Kind == LaneKind.Road))
        {
            // Within 2 m of a lane end the cells belong to the junction (a connector's half-lane reach).
            for (double s = 2.5; s <= lane.Length - 2.5; s += 1.0)
            {
                LanePose pose = lane.PoseAt(s);
                SurfaceKind kind = layout.Surface.KindAt(pose.Position.X, pose.Position.Y, out byte direction);
                Assert.True(kind == SurfaceKind.Road, $"{lane} at {s:0.0} m is {kind}");
                int expected = SurfaceMap.EncodeDirection(pose.HeadingRadians);
                int step = Math.Abs((sbyte)(byte)(direction - expected));
                Assert.True(step <= 1, $"{lane} at {s:0.0} m: direction {direction}, lane heading {expected}");
                samples++;
            }
        }

        Assert.True(samples > 1000);
    }

    [Fact]
    public void Directions_round_trip_within_one_quantisation_step()
    {
        for (double heading = -Math.PI; heading < Math.PI; heading += 0.01)
        {
            double decoded = SurfaceMap.DecodeDirection(SurfaceMap.EncodeDirection(heading));
            Assert.InRange(Math.Abs(Angles.WrapRadians(decoded - heading)), 0, (Math.PI / 256) + 1e-12);
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Right_of_every_lane_lies_its_sidewalk_and_beyond_it_no_road(string town)
    {
        TownLayout layout = Layout(town);
        foreach (Lane lane in layout.Network.Lanes.Where(l => l.Kind == LaneKind.Road && l.Length > 30))
        {
            for (double s = 12; s <= lane.Length - 12; s += 2.0)
            {
                LanePose pose = lane.PoseAt(s);
                Vec2 right = Vec2.FromHeading(pose.HeadingRadians).Right;
                Vec2 Point(double lateral) => pose.Position + (right * lateral);

                // 3.5 m right of the lane centre (5.5 m from the road axis): the sidewalk's middle, clear of lamps and signs.
                Vec2 middle = Point(3.5);
                Assert.True(layout.Surface.KindAt(middle.X, middle.Y) == SurfaceKind.Sidewalk, $"{lane} at {s} m: {layout.Surface.KindAt(middle.X, middle.Y)}");

                // Road up to the kerb, sidewalk just past it, and nothing walkable or drivable past the sidewalk's back.
                Assert.Equal(SurfaceKind.Road, layout.Surface.KindAt(Point(1.7).X, Point(1.7).Y));
                foreach (double lateral in new[] { 2.2, 4.8 })
                {
                    Vec2 edge = Point(lateral);
                    Assert.True(layout.Surface.KindAt(edge.X, edge.Y) is SurfaceKind.Sidewalk or SurfaceKind.Pole, $"{lane} at {s} m: {layout.Surface.KindAt(edge.X, edge.Y)} at {lateral} m");
                }

                Vec2 back = Point(5.3);
                Assert.True(layout.Surface.KindAt(back.X, back.Y) is not (SurfaceKind.Road or SurfaceKind.Junction or SurfaceKind.Sidewalk), $"{lane} at {s} m: {layout.Surface.KindAt(back.X, back.Y)} at 5.3 m");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Sidewalk_loops_are_closed_and_run_on_the_sidewalk(string town)
    {
        TownLayout layout = Layout(town);
        Assert.NotEmpty(layout.SidewalkLoops);
        foreach (SidewalkLoop loop in layout.SidewalkLoops)
        {
            Assert.True(Vec2.Distance(loop.Point(0), loop.Point(loop.PointCount - 1)) <= loop.Spacing + 1e-9, $"loop {loop.Id} is open");
            Assert.Equal(loop.Length, loop.Spacing * loop.PointCount, 1e-6);
            Assert.Equal(loop.Point(0).X, loop.PositionAt(loop.Length).X, 1e-9);

            // The resampling spreads points evenly along the path: a loop that failed to close would join its ends with
            // a chord across the block, through roads or buildings.
            for (int i = 0; i < loop.PointCount; i++)
            {
                Vec2 p = loop.Point(i);
                SurfaceKind kind = layout.Surface.KindAt(p.X, p.Y);
                Assert.True(kind == SurfaceKind.Sidewalk, $"loop {loop.Id} point {i} ({p}) is on {kind}");
            }
        }

        // Every road lane's sidewalk belongs to exactly one loop: the loops together are as long as the roads' sidewalks.
        double roadLength = layout.Network.Lanes.Where(l => l.Kind == LaneKind.Road).Sum(l => l.Length);
        double loopLength = layout.SidewalkLoops.Sum(l => l.Length);
        Assert.InRange(loopLength, roadLength, roadLength * 1.5);
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Crosswalks_join_two_different_loops_across_a_road(string town)
    {
        TownLayout layout = Layout(town);
        Assert.NotEmpty(layout.Crosswalks);
        foreach (Crosswalk c in layout.Crosswalks)
        {
            Assert.NotEqual(c.LoopA, c.LoopB);
            Assert.Equal(0, Vec2.Distance(c.EndA, layout.SidewalkLoops[c.LoopA].PositionAt(c.UA)), 1e-9);
            Assert.Equal(0, Vec2.Distance(c.EndB, layout.SidewalkLoops[c.LoopB].PositionAt(c.UB)), 1e-9);

            // Sidewalk middle to sidewalk middle over two lanes: 2 × (4 + 1.5) m.
            Assert.InRange(c.Length, 10.0, 12.0);
            Vec2 middle = Vec2.Lerp(c.EndA, c.EndB, 0.5);
            Assert.True(layout.Surface.KindAt(middle.X, middle.Y) is SurfaceKind.Road or SurfaceKind.Junction);
            Assert.InRange(c.LightId, 0, layout.TrafficLights.Count - 1);
            Assert.Equal(c.JunctionNode, layout.TrafficLights[c.LightId].JunctionNode);
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void No_building_wall_or_fence_stands_within_five_metres_of_a_lane(string town)
    {
        TownLayout layout = Layout(town);
        SurfaceMap surface = layout.Surface;
        const double Radius = 5.0;
        int reach = (int)Math.Ceiling(Radius / SurfaceMap.CellSizeMeters);
        foreach (Lane lane in layout.Network.Lanes)
        {
            for (int i = 0; i < lane.SampleCount; i++)
            {
                Vec2 p = lane.SamplePosition(i);
                (int cx, int cy, _, _) = surface.CellRange(p, p);
                for (int y = cy - reach; y <= cy + reach; y++)
                {
                    for (int x = cx - reach; x <= cx + reach; x++)
                    {
                        if (surface.CellKind(x, y) is SurfaceKind.Building or SurfaceKind.Wall or SurfaceKind.Fence
                            && Vec2.Distance(surface.CellCenter(x, y), p) < Radius)
                        {
                            Assert.Fail($"{surface.CellKind(x, y)} at {surface.CellCenter(x, y)}, {Vec2.Distance(surface.CellCenter(x, y), p):0.00} m from {lane}");
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Traffic_light_poles_stand_on_the_sidewalk_at_their_stop_line(string town)
    {
        TownLayout layout = Layout(town);
        Assert.NotEmpty(layout.TrafficLights);
        foreach (TrafficLightPlacement light in layout.TrafficLights)
        {
            Vec2 pole = light.PolePosition;
            Assert.Equal(SurfaceKind.Pole, layout.Surface.KindAt(pole.X, pole.Y)); // solid: the player collides with it

            // The ground around the pole is sidewalk.
            for (int k = 0; k < 8; k++)
            {
                Vec2 p = pole + (Vec2.FromHeading(k * Math.PI / 4) * 0.5);
                SurfaceKind kind = layout.Surface.KindAt(p.X, p.Y);
                Assert.True(kind == SurfaceKind.Sidewalk, $"light {light.Id}: {kind} 0.5 m from its pole");
            }

            // Beside the end of its approach lane, facing the approaching cars.
            (double s, double lateral) = light.Approach.Project(pole);
            Assert.Equal(light.Approach.Length, s, 1e-6);
            Assert.InRange(lateral, 2.0, 5.0);
            double heading = light.Approach.SampleHeading(light.Approach.SampleCount - 1);
            Assert.Equal(0, Angles.WrapRadians(light.FacingYawRadians - heading - Math.PI), 1e-9);
            Assert.Contains(layout.Objects, o => o.Kind == StaticObjectKind.TrafficLightPole && Vec2.Distance(o.Center, pole) < 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Every_intersection_approach_has_one_light(string town)
    {
        TownLayout layout = Layout(town);
        foreach (Junction junction in layout.Network.Junctions)
        {
            var lights = layout.TrafficLights.Where(l => l.JunctionNode == junction.Node).ToList();
            if (junction.Kind == JunctionKind.Intersection)
            {
                Assert.Equal(junction.Approaches.Select(a => a.Id).Order(), lights.Select(l => l.Approach.Id).Order());
            }
            else
            {
                Assert.Empty(lights);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void Start_spots_lie_on_road_cells(string town)
    {
        TownLayout layout = Layout(town);
        foreach (StartSpot spot in layout.Town.StartSpots)
        {
            Assert.Equal(SurfaceKind.Road, layout.Surface.KindAt(spot.Transform.Location.X, spot.Transform.Location.Y));
        }
    }

    [Theory]
    [MemberData(nameof(Towns))]
    public void The_layout_is_built_once_per_town_and_is_the_same_every_time(string town)
    {
        TownLayout layout = Layout(town);
        Assert.Same(layout, Layout(town));

        // Scenery comes from the town's name: a second town object with the same name gets the same objects.
        TownMap copy = TownMap.FromPlannerMap(town, layout.Town.PlannerMap!, layout.Town.StartSpots.Count);
        TownLayout other = TownLayout.For(copy);
        Assert.NotSame(layout, other);
        Assert.Equal(layout.Objects, other.Objects);
        Assert.Contains(layout.Objects, o => o.Kind == StaticObjectKind.Building);
    }
}
