using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Tests.Support;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Tests.Physics;

/// <summary>
/// intersection_otherlane and intersection_offroad (spec §6): the fractions of the car's footprint on opposite-direction
/// lanes and off the road this frame. Road axis = lane centre − 2 m (lanes are 4 m wide); the sidewalk runs from 4 to
/// 7 m right of the axis, i.e. 2 to 5 m right of the lane centre; junction areas count as neither.
/// </summary>
public sealed class PlayerVehicleLaneFractionTests
{
    private static readonly VehicleParameters P = VehicleParameters.Default;

    public static TheoryData<string> Towns => new() { "Town01", "Town02" };

    [Theory]
    [MemberData(nameof(Towns))]
    public void At_every_start_spot_the_car_is_on_its_own_lane(string town)
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = town });
        SceneDescription scene = world.NewEpisode(TestWorlds.Empty);
        for (int i = 0; i < scene.PlayerStartSpots.Count; i++)
        {
            world.StartEpisode(i);
            PlayerMeasurements pm = world.ReadFrame().Player();
            Assert.True(pm.IntersectionOtherLane == 0 && pm.IntersectionOffRoad == 0, $"spot {i}: other lane {pm.IntersectionOtherLane}, off-road {pm.IntersectionOffRoad}");
        }
    }

    [Fact]
    public void Centred_in_its_lane_along_the_lane_heading_both_fractions_are_zero()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        for (double s = 10; s < lane.Length - 10; s += 7)
        {
            TestWorlds.PlaceOnLane(world, lane, s);
            PlayerMeasurements pm = world.ReadFrame().Player();
            Assert.Equal(0, pm.IntersectionOtherLane);
            Assert.Equal(0, pm.IntersectionOffRoad);

            // Still inside the lane when shifted 0.9 m (the body is 2.1 m wide in a 4 m lane), or shifted 0.5 m and
            // turned 10° (the outermost footprint samples then reach 1.7 m from the centre).
            TestWorlds.PlaceOnLane(world, lane, s, lateral: 0.9);
            Assert.Equal((0f, 0f), Fractions(world));
            TestWorlds.PlaceOnLane(world, lane, s, lateral: -0.5, yawOffsetDegrees: 10);
            Assert.Equal((0f, 0f), Fractions(world));
        }
    }

    [Fact]
    public void On_the_opposite_lane_against_its_direction_the_whole_car_is_on_the_other_lane()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        for (double s = 10; s < lane.Length - 10; s += 7)
        {
            // 4 m to the left of our lane centre is the opposite lane's centre; keep our lane's heading (wrong-way).
            TestWorlds.PlaceOnLane(world, lane, s, lateral: -4);
            PlayerMeasurements pm = world.ReadFrame().Player();
            Assert.Equal(1, pm.IntersectionOtherLane);
            Assert.Equal(0, pm.IntersectionOffRoad);

            // The same spot driven the lane's way is fine.
            TestWorlds.PlaceOnLane(world, lane, s, lateral: -4, yawOffsetDegrees: 180);
            Assert.Equal(0, world.ReadFrame().Player().IntersectionOtherLane);
        }
    }

    [Fact]
    public void Turned_more_than_a_right_angle_against_its_lane_the_car_is_on_the_other_lane()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);

        // Across the road, centred on our lane: the footprint reaches 2.3 m to either side of the centre, so a few
        // samples lie on the opposite lane and on the sidewalk; those on our lane count as other lane when the car
        // points more than 90° away from the lane's direction.
        TestWorlds.PlaceOnLane(world, lane, 40, yawOffsetDegrees: 100);
        (float againstOther, float againstOff) = Fractions(world);
        TestWorlds.PlaceOnLane(world, lane, 40, yawOffsetDegrees: 80);
        (float alongOther, float alongOff) = Fractions(world);

        Assert.InRange(againstOther, 0.7, 0.95);
        Assert.InRange(alongOther, 0.02, 0.2);
        Assert.InRange(againstOff, 0.02, 0.2);
        Assert.Equal(againstOff, alongOff);
    }

    [Fact]
    public void Straddling_the_centre_line_puts_half_the_car_on_the_other_lane()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        for (double s = 10; s < lane.Length - 10; s += 7)
        {
            TestWorlds.PlaceOnLane(world, lane, s, lateral: -2);
            PlayerMeasurements pm = world.ReadFrame().Player();

            // ±0.15: the footprint has five sample rows, and the middle one lies on the line itself.
            Assert.InRange(pm.IntersectionOtherLane, 0.35, 0.65);
            Assert.Equal(0, pm.IntersectionOffRoad);
        }
    }

    [Fact]
    public void On_the_sidewalk_the_whole_car_is_off_road()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        int checkedSpots = 0;
        foreach ((Lane lane, double s) in SidewalkSpots(world.Layout, lateral: 3.5))
        {
            // Centre 3.5 m right of the lane centre (5.5 m from the road axis): the footprint spans 4.45..6.55 m.
            TestWorlds.PlaceOnLane(world, lane, s, lateral: 3.5);
            PlayerMeasurements pm = world.ReadFrame().Player();
            Assert.Equal(1, pm.IntersectionOffRoad);
            Assert.Equal(0, pm.IntersectionOtherLane);
            checkedSpots++;
        }

        Assert.True(checkedSpots > 20, $"only {checkedSpots} clear sidewalk spots");
    }

    [Fact]
    public void Half_on_the_kerb_half_the_car_is_off_road()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        int checkedSpots = 0;
        foreach ((Lane lane, double s) in SidewalkSpots(world.Layout, lateral: 2))
        {
            TestWorlds.PlaceOnLane(world, lane, s, lateral: 2);
            PlayerMeasurements pm = world.ReadFrame().Player();
            Assert.InRange(pm.IntersectionOffRoad, 0.35, 0.65);
            Assert.Equal(0, pm.IntersectionOtherLane);
            checkedSpots++;
        }

        Assert.True(checkedSpots > 20, $"only {checkedSpots} clear kerb spots");
    }

    [Fact]
    public void Inside_an_intersection_neither_fraction_counts()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        int intersections = 0;
        foreach (Junction junction in world.Town.Network.Junctions.Where(j => j.Kind == JunctionKind.Intersection))
        {
            foreach (double yaw in new[] { 0.0, 45, 90, 200 })
            {
                world.PlacePlayer(junction.Position.X, junction.Position.Y, yaw);
                PlayerMeasurements pm = world.ReadFrame().Player();
                Assert.True(pm.IntersectionOtherLane == 0 && pm.IntersectionOffRoad == 0, $"junction {junction.Node} yaw {yaw}: {pm.IntersectionOtherLane}/{pm.IntersectionOffRoad}");
            }

            intersections++;
        }

        Assert.True(intersections >= 8, $"Town01 has {intersections} intersections");
    }

    [Fact]
    public void Steering_left_across_the_centre_line_raises_the_other_lane_fraction_frame_by_frame()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        TestWorlds.PlaceOnLane(world, lane, 15, speed: 6);
        var trace = new List<float> { world.ReadFrame().Player().IntersectionOtherLane };
        for (int i = 0; i < 40 && trace[^1] < 0.9; i++)
        {
            trace.Add(world.Drive(new VehicleControl(-0.05f, 0.2f, 0), 1).Player().IntersectionOtherLane);
        }

        Assert.Equal(0, trace[0]);
        Assert.True(trace[^1] > 0.5, $"other lane only reached {trace.Max()}");
        Assert.True(trace.Count(f => f > 0 && f < trace[^1]) >= 2, $"the fraction should rise through intermediate values: {string.Join(", ", trace)}");
        for (int i = 1; i < trace.Count; i++)
        {
            Assert.True(trace[i] >= trace[i - 1], $"the fraction fell at frame {i}: {string.Join(", ", trace)}");
        }
    }

    [Fact]
    public void Steering_right_onto_the_sidewalk_raises_the_off_road_fraction()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        (Lane lane, double s) = SidewalkSpots(world.Layout, lateral: 2).First(x => x.S > 40);
        TestWorlds.PlaceOnLane(world, lane, s - 12, speed: 5);
        var trace = new List<float> { world.ReadFrame().Player().IntersectionOffRoad };
        for (int i = 0; i < 40 && trace[^1] < 0.6; i++)
        {
            trace.Add(world.Drive(new VehicleControl(0.06f, 0.2f, 0), 1).Player().IntersectionOffRoad);
        }

        Assert.Equal(0, trace[0]);
        Assert.True(trace[^1] >= 0.6, $"off-road only reached {trace.Max()}: {string.Join(", ", trace)}");
        Assert.All(trace.Zip(trace.Skip(1)), pair => Assert.True(pair.Second >= pair.First, string.Join(", ", trace)));
    }

    /// <summary>The fractions of the current frame (the world reuses its measurement objects, so copy them out).</summary>
    private static (float OtherLane, float OffRoad) Fractions(EmbeddedWorld world)
    {
        PlayerMeasurements pm = world.ReadFrame().Player();
        return (pm.IntersectionOtherLane, pm.IntersectionOffRoad);
    }

    /// <summary>
    /// Spots along straight road lanes, away from junctions, where a car centred <paramref name="lateral"/> m right of
    /// the lane centre covers no solid scenery (street lamps and signs stand on the sidewalk).
    /// </summary>
    private static IEnumerable<(Lane Lane, double S)> SidewalkSpots(TownLayout layout, double lateral)
    {
        foreach (Lane lane in layout.Network.Lanes.Where(l => l.Kind == LaneKind.Road && l.Length > 40))
        {
            for (double s = 12; s < lane.Length - 12; s += 5)
            {
                LanePose pose = lane.PoseAt(s);
                Vec2 f = Vec2.FromHeading(pose.HeadingRadians), r = f.Right;
                Vec2 centre = pose.Position + (r * lateral);
                bool clear = true;
                for (double u = -P.HalfLengthMeters - 0.5; u <= P.HalfLengthMeters + 0.5 && clear; u += 0.1)
                {
                    for (double w = -P.HalfWidthMeters; w <= P.HalfWidthMeters && clear; w += 0.1)
                    {
                        Vec2 p = centre + (f * u) + (r * w);
                        SurfaceKind kind = layout.Surface.KindAt(p.X, p.Y);
                        clear = kind is SurfaceKind.Road or SurfaceKind.Sidewalk;
                    }
                }

                if (clear)
                {
                    yield return (lane, s);
                }
            }
        }
    }

    [Fact]
    public void Going_the_wrong_way_round_a_bend_is_on_the_other_lane()
    {
        // Bends (two-arm nodes) are not junction areas: CARLA's lane map gives them lane directions.
        using EmbeddedWorld world = TestWorlds.Started();
        Lane bend = world.Town.Network.Lanes.First(l => l.Kind == LaneKind.Junction && l.JunctionKind == JunctionKind.Corner);
        LanePose middle = bend.PoseAt(bend.Length / 2);
        world.PlacePlayer(middle.Position.X, middle.Position.Y, middle.HeadingRadians * Angles.DegreesPerRadian);
        Assert.Equal(0f, world.ReadFrame().Player().IntersectionOtherLane);
        world.PlacePlayer(middle.Position.X, middle.Position.Y, (middle.HeadingRadians * Angles.DegreesPerRadian) + 180);
        Assert.True(world.ReadFrame().Player().IntersectionOtherLane > 0.8f);
    }
}
