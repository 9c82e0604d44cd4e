using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Tests.Support;

namespace CarlaDrl.Simulator.Tests;

/// <summary>What the player's measurements mean (spec §6): orientation, acceleration, bounding box, autopilot control.</summary>
public sealed class EmbeddedWorldMeasurementTests
{
    [Fact]
    public void The_orientation_is_the_forward_vector_of_the_rotation()
    {
        using EmbeddedWorld world = TestWorlds.Started(options: new EmbeddedWorldOptions { Town = "Town02" });
        for (int i = 0; i < 120; i++)
        {
            // A loop with changing steer sweeps the yaw through every quadrant.
            world.SendControl(new VehicleControl(i < 60 ? 0.7f : -0.7f, 0.4f, 0));
            Transform t = world.ReadFrame().Player().Transform;
            Vector3D expected = t.Rotation.Forward;
            Assert.Equal(expected, t.Orientation);
            Assert.Equal(1, t.Orientation.Length, 1e-5);
            Assert.Equal(Math.Cos(t.Rotation.YawDegrees * Angles.RadiansPerDegree), t.Orientation.X, 1e-5);
            Assert.Equal(Math.Sin(t.Rotation.YawDegrees * Angles.RadiansPerDegree), t.Orientation.Y, 1e-5);
            Assert.Equal(0, t.Rotation.PitchDegrees);
            Assert.Equal(0, t.Rotation.RollDegrees);
        }
    }

    [Fact]
    public void The_acceleration_is_the_finite_difference_of_forward_speed_times_forward()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        const double Dt = 0.1;
        PlayerMeasurements previous = Copy(world.ReadFrame().Player());
        Assert.Equal(Vector3D.Zero, previous.Acceleration);
        int turning = 0;
        for (int i = 0; i < 150; i++)
        {
            // Accelerate, turn, brake: every component of the difference gets exercised.
            var control = i < 50 ? new VehicleControl(0, 1, 0) : i < 100 ? new VehicleControl(0.4f, 0.3f, 0) : new VehicleControl(-0.2f, 0, 0.6f);
            world.SendControl(control);
            PlayerMeasurements now = Copy(world.ReadFrame().Player());
            Vector3D expected = ((now.Transform.Orientation * now.ForwardSpeed) - (previous.Transform.Orientation * previous.ForwardSpeed)) * (float)(1 / Dt);

            // Single-precision orientation and speed on the wire: ~1e-6 relative, divided by dt.
            Assert.Equal(expected.X, now.Acceleration.X, 2e-3);
            Assert.Equal(expected.Y, now.Acceleration.Y, 2e-3);
            Assert.Equal(0, now.Acceleration.Z);
            turning += Math.Abs(now.Transform.Rotation.YawDegrees - previous.Transform.Rotation.YawDegrees) > 0.5 ? 1 : 0;
            previous = now;
        }

        Assert.True(turning > 20, "the run should include turning");
    }

    [Fact]
    public void Placing_the_player_reports_no_acceleration_and_the_next_tick_differences_from_the_placed_speed()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        world.Drive(new VehicleControl(0, 1, 0), 30); // moving, so a stale velocity would show
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        TestWorlds.PlaceOnLane(world, lane, 50, speed: 8);
        PlayerMeasurements placed = Copy(world.ReadFrame().Player());
        Assert.Equal(Vector3D.Zero, placed.Acceleration);
        Assert.Equal(8, placed.ForwardSpeed);

        // Coasting from 8 m/s: engine braking, rolling resistance and drag, ≈ 0.4 m/s² backwards along the lane.
        world.SendControl(VehicleControl.Neutral);
        PlayerMeasurements next = world.ReadFrame().Player();
        Vector3D expected = ((next.Transform.Orientation * next.ForwardSpeed) - (placed.Transform.Orientation * placed.ForwardSpeed)) * 10f;
        Assert.Equal(expected.X, next.Acceleration.X, 2e-3);
        Assert.Equal(expected.Y, next.Acceleration.Y, 2e-3);
        Assert.InRange(next.Acceleration.Length, 0.3, 0.5);
    }

    [Fact]
    public void Handing_the_autopilot_a_route_changes_no_measurement_but_its_control()
    {
        using EmbeddedWorld world = TestWorlds.Started(startIndex: 12);
        world.Drive(new VehicleControl(0, 0.6f, 0), 20);
        PlayerMeasurements before = Copy(world.ReadFrame().Player());
        Assert.NotEqual(Vector3D.Zero, before.Acceleration);

        StartSpot start = world.Town.StartSpots[12];
        Driving.Routes.Route route = new Driving.Routes.RoutePlanner(world.Town.Network).Plan(start, world.Town.StartSpots[40])!;
        world.SetPlayerRoute(route);
        PlayerMeasurements after = world.ReadFrame().Player();
        Assert.Equal(before.Acceleration, after.Acceleration);
        Assert.Equal(before.Transform, after.Transform);
        Assert.Equal(before.ForwardSpeed, after.ForwardSpeed);
    }

    [Theory]
    [InlineData(270, -90)]
    [InlineData(-200, 160)]
    [InlineData(540, 180)]
    [InlineData(45, 45)]
    public void A_placed_yaw_is_reported_wrapped_to_half_a_turn_either_way(double placed, double reported)
    {
        using EmbeddedWorld world = TestWorlds.Started();
        world.PlacePlayer(100, 100, placed);
        Assert.Equal(reported, world.ReadFrame().Player().Transform.Rotation.YawDegrees, 1e-4);

        // The first tick does not turn it by a full circle.
        world.SendControl(VehicleControl.Neutral);
        Assert.Equal(reported, world.ReadFrame().Player().Transform.Rotation.YawDegrees, 1e-4);
    }

    [Fact]
    public void The_bounding_box_extent_is_the_vehicles_half_size()
    {
        var car = new VehicleParameters { HalfLengthMeters = 2.2, HalfWidthMeters = 0.95, HalfHeightMeters = 0.7 };
        foreach (VehicleParameters p in new[] { VehicleParameters.Default, car })
        {
            using EmbeddedWorld world = TestWorlds.Started(options: new EmbeddedWorldOptions { Vehicle = p });
            BoundingBox box = world.ReadFrame().Player().BoundingBox;
            Assert.Equal(new Vector3D((float)p.HalfLengthMeters, (float)p.HalfWidthMeters, (float)p.HalfHeightMeters), box.Extent);

            // Relative to the pivot on the ground: centred, raised by half the height, not rotated.
            Assert.Equal(new Vector3D(0, 0, (float)p.HalfHeightMeters), box.Transform.Location);
            Assert.Equal(Rotation3D.Zero, box.Transform.Rotation);
        }
    }

    [Fact]
    public void Echoing_the_autopilot_control_drives_the_car_along_its_lanes()
    {
        using EmbeddedWorld world = TestWorlds.Started(startIndex: 20);
        WorldFrame frame = world.ReadFrame();
        Vector3D start = frame.Player().Transform.Location;
        double driven = 0, maxOff = 0, maxOther = 0, maxLateral = 0;
        for (int i = 0; i < 600; i++)
        {
            VehicleControl control = frame.Player().AutopilotControl;
            Assert.InRange(control.Steer, -1, 1);
            Assert.InRange(control.Throttle, 0, 1);
            Assert.InRange(control.Brake, 0, 1);
            world.SendControl(control);
            frame = world.ReadFrame();
            PlayerMeasurements pm = frame.Player();
            driven += pm.ForwardSpeed * 0.1;
            maxOff = Math.Max(maxOff, pm.IntersectionOffRoad);
            maxOther = Math.Max(maxOther, pm.IntersectionOtherLane);
            Assert.True(world.Town.Network.TryLocate(new Vec2(pm.Transform.Location.X, pm.Transform.Location.Y), pm.Transform.Rotation.YawDegrees * Angles.RadiansPerDegree, 5, out LaneLocation at));
            maxLateral = Math.Max(maxLateral, Math.Abs(at.Lateral));
        }

        // One minute at up to 30 km/h, on its lanes; no other traffic is around.
        Assert.True(driven > 250, $"drove {driven:0} m");
        Assert.True((frame.Player().Transform.Location - start).Length > 50);
        Assert.Equal(0, maxOff);
        Assert.Equal(0, maxOther);
        Assert.True(maxLateral < 1.0, $"strayed {maxLateral:0.00} m from the lane centre");
        Assert.Equal((0f, 0f, 0f), (frame.Player().CollisionVehicles, frame.Player().CollisionPedestrians, frame.Player().CollisionOther));
        Assert.InRange(frame.Player().ForwardSpeed, 0, (30 / 3.6) + 0.3);
    }

    [Fact]
    public void A_car_at_rest_under_neutral_controls_stays_exactly_in_place()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Vector3D start = world.ReadFrame().Player().Transform.Location;
        WorldFrame frame = world.Drive(VehicleControl.Neutral, 50);
        Assert.Equal(start, frame.Player().Transform.Location);
        Assert.Equal(0, frame.Player().ForwardSpeed);
    }

    [Fact]
    public void Controls_are_clamped_and_NaN_reads_as_zero()
    {
        using EmbeddedWorld a = TestWorlds.Started();
        using EmbeddedWorld b = TestWorlds.Started();
        for (int i = 0; i < 30; i++)
        {
            a.SendControl(new VehicleControl(float.NaN, 5, float.NaN));
            b.SendControl(new VehicleControl(0, 1, 0));
        }

        Assert.Equal(MeasurementBytes.Of(b.ReadFrame().Measurements), MeasurementBytes.Of(a.ReadFrame().Measurements));
        Assert.True(a.ReadFrame().Player().ForwardSpeed > 5);
    }

    private static PlayerMeasurements Copy(PlayerMeasurements pm)
    {
        var copy = new PlayerMeasurements();
        pm.CopyTo(copy);
        return copy;
    }
}
