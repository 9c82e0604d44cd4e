using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Tests.Support;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Tests.Traffic;

/// <summary>Traffic vehicles see what is in their lane: the player's car, a standing pedestrian, a parked car.</summary>
public sealed class TrafficYieldTests
{
    private static readonly VehicleParameters P = VehicleParameters.Default;

    [Fact]
    public void A_car_driving_up_behind_the_standing_player_stops_short_of_it()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        TestWorlds.PlaceOnLane(world, lane, 120);
        TrafficVehicle follower = world.AddVehicle(lane, 60, speed: 8, parked: false);

        double closest = Gap(world, follower, lane);
        for (int i = 0; i < 300; i++)
        {
            world.SendControl(new VehicleControl(0, 0, 1));
            closest = Math.Min(closest, Gap(world, follower, lane));
        }

        // The player is a free body (three circles), found by sweeping a corridor of half width w = car half width + circle
        // radius + clearance along the sampled path. The sweep's segments have round ends, so the body is seen up to w
        // before its real distance: the car rests between the IDM jam distance s0 and s0 + w behind the player, never
        // touching it. (A car on a lane, found through the lane occupancy, is kept at exactly s0: see below.)
        double w = follower.HalfWidth + (1.05 * P.HalfWidthMeters) + ObstacleField.VehicleClearanceMeters;
        double s0 = DriverParameters.Traffic.MinimumGap;
        Assert.InRange(closest, s0, s0 + w);
        Assert.True(follower.Speed < 0.05, $"still at {follower.Speed:0.00} m/s");
        Assert.Equal(0, world.ReadFrame().Player().CollisionVehicles);
    }

    [Fact]
    public void A_car_stops_for_a_pedestrian_standing_in_its_lane()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        TestWorlds.PlaceOnLane(world, lane.Opposite!, 20); // the player out of the way, on the other lane
        Vec2 spot = lane.PositionAt(150);
        Pedestrian pedestrian = world.AddPedestrian(spot.X, spot.Y);
        TrafficVehicle car = world.AddVehicle(lane, 90, speed: 8, parked: false);

        double closest = double.MaxValue;
        for (int i = 0; i < 300; i++)
        {
            world.SendControl(new VehicleControl(0, 0, 1));
            closest = Math.Min(closest, 150 - (car.Plan.S + car.HalfLength) - Pedestrian.Radius);
        }

        Assert.Equal(PedestrianState.Standing, pedestrian.State);
        Assert.InRange(closest, 0.5, 5.0);
        Assert.True(car.Speed < 0.05);
    }

    [Fact]
    public void A_car_queues_behind_a_parked_car()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        TestWorlds.PlaceOnLane(world, lane.Opposite!, 20);
        TrafficVehicle parked = world.AddVehicle(lane, 200, parked: true);
        TrafficVehicle car = world.AddVehicle(lane, 140, speed: 8, parked: false);
        for (int i = 0; i < 300; i++)
        {
            world.SendControl(new VehicleControl(0, 0, 1));
            Assert.False(OrientedBox.Overlap(Box(parked), Box(car), out _, out _));
        }

        double gap = parked.Plan.S - parked.HalfLength - (car.Plan.S + car.HalfLength);
        Assert.InRange(gap, DriverParameters.Traffic.MinimumGap - 0.5, DriverParameters.Traffic.MinimumGap + 0.5);
        Assert.Equal(200, parked.Plan.S); // parked means parked
    }

    private static double Gap(EmbeddedWorld world, TrafficVehicle follower, Lane lane)
    {
        double playerS = lane.Project(new Vec2(world.Player.State.X, world.Player.State.Y)).S;
        return playerS - P.HalfLengthMeters - (follower.Plan.S + follower.HalfLength);
    }

    private static OrientedBox Box(TrafficVehicle v) => new(new Vec2(v.X, v.Y), v.Yaw, v.HalfLength, v.HalfWidth);
}
