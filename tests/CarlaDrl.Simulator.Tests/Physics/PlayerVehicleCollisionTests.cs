using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Tests.Support;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Tests.Physics;

/// <summary>
/// Collisions through the world (spec §6): cumulative normal impulses in kg·m/s by class, counted only above 1 km/h
/// (§12.13), never decreasing within an episode and reset by a new one. Worlds here hold no traffic but what a test adds.
/// </summary>
public sealed class PlayerVehicleCollisionTests
{
    private const double E = PlayerVehicle.Restitution;
    private static readonly VehicleParameters P = VehicleParameters.Default;

    /// <summary>Reduced mass of the player and a traffic car, kg.</summary>
    private static readonly double CarPair = P.MassKg * PlayerVehicle.TrafficVehicleMassKg / (P.MassKg + PlayerVehicle.TrafficVehicleMassKg);

    [Theory]
    [InlineData(5.0)]
    [InlineData(10.0)]
    public void One_hit_on_a_parked_car_registers_the_two_body_impulse(double speed)
    {
        // One physics step per tick at 1 kHz shows each hit on its own: (1 + e)·μ·v_closing with μ the reduced mass.
        using EmbeddedWorld world = TestWorlds.Started(options: new EmbeddedWorldOptions { SimulationHz = 1000, PhysicsSubsteps = 1 });
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        const double PlayerS = 20, Gap = 0.004;
        world.AddVehicle(lane, PlayerS + P.HalfLengthMeters + 2.4 + Gap, parked: true);
        TestWorlds.PlaceOnLane(world, lane, PlayerS, speed: speed);

        WorldFrame frame = world.ReadFrame();
        double before = frame.Player().ForwardSpeed;
        int ticks = 0;
        while (frame.Player().CollisionVehicles == 0 && ticks++ < 10)
        {
            before = frame.Player().ForwardSpeed;
            frame = world.Drive(VehicleControl.Neutral, 1);
        }

        // The closing speed is the speed at the start of the tick less one millisecond of rolling resistance and drag.
        double expected = (1 + E) * CarPair * before;
        Assert.InRange(frame.Player().CollisionVehicles, expected * 0.995, expected * 1.001);
        Assert.Equal(0, frame.Player().CollisionPedestrians);
        Assert.Equal(0, frame.Player().CollisionOther);

        // The player keeps (1 − (1 + e)·μ/m) of its speed: what a free car of equal mass would leave it.
        Assert.Equal(before * (1 - ((1 + E) * CarPair / P.MassKg)), frame.Player().ForwardSpeed, 0.01);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(10.0)]
    public void Driving_into_a_parked_car_stops_the_player_and_accumulates_its_momentum(double speed)
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        const double PlayerS = 20, Gap = 0.3;
        TrafficVehicle parked = world.AddVehicle(lane, PlayerS + P.HalfLengthMeters + 2.4 + Gap, parked: true);
        TestWorlds.PlaceOnLane(world, lane, PlayerS, speed: speed);

        WorldFrame frame = world.ReadFrame();
        double impact = frame.Player().ForwardSpeed;
        float previous = 0;
        for (int i = 0; i < 20; i++)
        {
            frame = world.Drive(VehicleControl.Neutral, 1);
            PlayerMeasurements pm = frame.Player();
            Assert.True(pm.CollisionVehicles >= previous, "collision_vehicles must never decrease");
            previous = pm.CollisionVehicles;
            if (pm.CollisionVehicles == 0)
            {
                impact = pm.ForwardSpeed;
            }

            // Never through: the front bumper stays behind the parked car's rear.
            double front = lane.Project(new Vec2(pm.Transform.Location.X, pm.Transform.Location.Y)).S + P.HalfLengthMeters;
            Assert.True(front <= parked.Plan.S - parked.HalfLength + 1e-3, $"tick {i}: front bumper at {front:0.###} m, parked rear at {parked.Plan.S - parked.HalfLength:0.###} m");
        }

        // The parked car is held still, so the player hits it again and again, each time keeping 1 − (1 + e)·μ/m = 0.4 of
        // its speed, until it is below 1 km/h: the hits sum to (1 + e)·μ·v·Σ0.4^k ≈ m·v (the momentum the player loses).
        // A single two-body hit would register (1 + e)·μ·v = 0.6·m·v (see the test above).
        PlayerMeasurements end = frame.Player();
        Assert.InRange(end.CollisionVehicles, 0.95 * P.MassKg * impact, 1.0 * P.MassKg * impact);
        Assert.True(end.CollisionVehicles > 1.5 * (1 + E) * CarPair * impact, "the contact is a series of hits, not one");
        Assert.InRange(end.ForwardSpeed, -0.05, 0.3);
        Assert.Equal(0, end.CollisionPedestrians);
        Assert.Equal(0, end.CollisionOther);
    }

    [Fact]
    public void A_second_hit_adds_to_the_first_and_the_total_never_decreases()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        world.AddVehicle(lane, 20 + P.HalfLengthMeters + 2.4 + 0.3, parked: true);
        TestWorlds.PlaceOnLane(world, lane, 20, speed: 6);
        var trace = new List<float>();
        Record(world.Drive(VehicleControl.Neutral, 15));
        float first = trace[^1];
        Assert.True(first > 0);

        // Back off 10 m, then drive in again.
        for (int i = 0; i < 40; i++)
        {
            Record(world.Drive(new VehicleControl(0, 0.5f, 0, Reverse: true), 1));
        }

        for (int i = 0; i < 20; i++)
        {
            Record(world.Drive(new VehicleControl(0, 0, 1), 1));
        }

        Assert.Equal(first, trace[^1]); // reversing away hits nothing
        for (int i = 0; i < 60; i++)
        {
            Record(world.Drive(new VehicleControl(0, 0.6f, 0), 1));
        }

        Assert.True(trace[^1] > first * 1.2, $"second hit: {first} → {trace[^1]}");
        for (int i = 1; i < trace.Count; i++)
        {
            Assert.True(trace[i] >= trace[i - 1], $"collision_vehicles fell at frame {i}: {trace[i - 1]} → {trace[i]}");
        }

        void Record(WorldFrame frame) => trace.Add(frame.Player().CollisionVehicles);
    }

    [Fact]
    public void Creeping_into_a_car_below_one_kilometre_per_hour_counts_nothing()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        TrafficVehicle parked = world.AddVehicle(lane, 20 + P.HalfLengthMeters + 2.4 + 0.05, parked: true);
        TestWorlds.PlaceOnLane(world, lane, 20, speed: 0.2);

        // A little throttle keeps the car creeping at ≈ 0.2 m/s (< 1 km/h ≈ 0.278 m/s) against the bumper.
        var creep = new VehicleControl(0, 0.034f, 0);
        double closest = double.MaxValue, fastest = 0;
        for (int i = 0; i < 100; i++)
        {
            PlayerMeasurements pm = world.Drive(creep, 1).Player();
            double front = lane.Project(new Vec2(pm.Transform.Location.X, pm.Transform.Location.Y)).S + P.HalfLengthMeters;
            closest = Math.Min(closest, parked.Plan.S - parked.HalfLength - front);
            fastest = Math.Max(fastest, pm.ForwardSpeed);
            Assert.Equal(0, pm.CollisionVehicles);
        }

        Assert.InRange(closest, -1e-9, 0.01); // it did touch
        Assert.InRange(fastest, 0.05, PlayerVehicle.MinimumHitSpeed);
    }

    [Fact]
    public void Hitting_a_standing_pedestrian_registers_one_hit_and_knocks_them_down()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        Vec2 spot = lane.PositionAt(30);
        Pedestrian pedestrian = world.AddPedestrian(spot.X, spot.Y, 90);
        const double Speed = 5;
        TestWorlds.PlaceOnLane(world, lane, 30 - P.HalfLengthMeters - Pedestrian.Radius - 0.05, speed: Speed);
        Assert.Equal(PedestrianState.Standing, pedestrian.State);

        WorldFrame frame = world.ReadFrame();
        double impact = Speed;
        for (int i = 0; i < 10 && frame.Player().CollisionPedestrians == 0; i++)
        {
            impact = frame.Player().ForwardSpeed;
            frame = world.Drive(VehicleControl.Neutral, 1);
        }

        double reduced = P.MassKg * PlayerVehicle.PedestrianMassKg / (P.MassKg + PlayerVehicle.PedestrianMassKg);
        double expected = (1 + E) * reduced * impact;
        float total = frame.Player().CollisionPedestrians;

        // Head on, the normal is the car's forward axis; ±1 % covers the speed lost to resistance before contact.
        Assert.InRange(total, expected * 0.99, expected * 1.01);
        Assert.Equal(PedestrianState.Down, pedestrian.State);
        Assert.Equal(0, frame.Player().CollisionVehicles);
        Assert.Equal(0, frame.Player().CollisionOther);

        // A pedestrian on the ground is not hit again: the total stays as the car rolls on over the spot.
        frame = world.Drive(new VehicleControl(0, 0.3f, 0), 20);
        Assert.Equal(total, frame.Player().CollisionPedestrians);
        Assert.True(frame.Player().ForwardSpeed > 3, "a pedestrian barely slows the car");
    }

    [Fact]
    public void Driving_into_a_building_registers_a_wall_hit_and_bounces_back()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        (Vec2 start, double yaw) = ApproachToABuilding(world.Layout);
        const double Speed = 5;
        world.PlacePlayer(start.X, start.Y, yaw * Angles.DegreesPerRadian, Speed);

        WorldFrame frame = world.ReadFrame();
        double impact = Speed;
        for (int i = 0; i < 20 && frame.Player().CollisionOther == 0; i++)
        {
            impact = frame.Player().ForwardSpeed;
            frame = world.Drive(VehicleControl.Neutral, 1);
        }

        // A building does not move: the hit is (1 + e)·m·v and the car bounces back at e·v. ±3 %: the contact normal comes
        // from the centroid of the outline samples inside the building (0.2 m raster), a few degrees off the forward axis.
        double expected = (1 + E) * P.MassKg * impact;
        float total = frame.Player().CollisionOther;
        Assert.InRange(total, expected * 0.97, expected * 1.01);
        Assert.Equal(0, frame.Player().CollisionVehicles);
        Assert.Equal(0, frame.Player().CollisionPedestrians);

        frame = world.Drive(VehicleControl.Neutral, 3);
        Assert.True(frame.Player().ForwardSpeed < 0, $"after the hit the car rolls back; speed {frame.Player().ForwardSpeed}");
        Assert.Equal(total, frame.Player().CollisionOther);
    }

    [Fact]
    public void The_edge_of_the_map_is_a_wall()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        SurfaceMap surface = world.Layout.Surface;
        double y = (surface.Origin.Y + surface.Max.Y) / 2;
        double x = surface.Origin.X + 1.0 + P.HalfLengthMeters + 1.0;
        Assert.Equal(SurfaceKind.Grass, surface.KindAt(x, y));
        world.PlacePlayer(x, y, 180, speed: 4);

        WorldFrame frame = world.Drive(VehicleControl.Neutral, 10);
        Assert.True(frame.Player().CollisionOther > 0);
        Assert.True(frame.Player().Transform.Location.X - P.HalfLengthMeters > surface.Origin.X, "the car stays inside the map");

        // Beyond the raster every point reads as wall.
        Assert.Equal(SurfaceKind.Wall, surface.KindAt(surface.Origin.X - 5, y));
        Assert.Equal(SurfaceKind.Wall, surface.KindAt(x, surface.Max.Y + 5));
    }

    [Fact]
    public void The_three_counters_are_independent_and_a_new_episode_resets_them()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);

        // A pedestrian first, then a parked car further on, then a building.
        Vec2 spot = lane.PositionAt(30);
        world.AddPedestrian(spot.X, spot.Y);
        TestWorlds.PlaceOnLane(world, lane, 27, speed: 4);
        PlayerMeasurements pm = world.Drive(VehicleControl.Neutral, 5).Player();
        (float v1, float p1, float o1) = (pm.CollisionVehicles, pm.CollisionPedestrians, pm.CollisionOther);
        Assert.True(p1 > 0 && v1 == 0 && o1 == 0, $"{v1}/{p1}/{o1}");

        world.AddVehicle(lane, 60, parked: true);
        Vec2 here = new(pm.Transform.Location.X, pm.Transform.Location.Y);
        double s = lane.Project(here).S;
        pm = world.Drive(new VehicleControl(0, 0.5f, 0), 100).Player();
        Assert.True(s < 60 && pm.CollisionVehicles > 0, $"vehicles {pm.CollisionVehicles}");
        Assert.Equal(p1, pm.CollisionPedestrians);
        Assert.Equal(0, pm.CollisionOther);

        world.NewEpisode(TestWorlds.Empty);
        world.StartEpisode(3);
        pm = world.ReadFrame().Player();
        Assert.Equal((0f, 0f, 0f), (pm.CollisionVehicles, pm.CollisionPedestrians, pm.CollisionOther));
        Assert.Empty(world.Traffic.Vehicles);
        Assert.Empty(world.Pedestrians.Pedestrians);
    }

    /// <summary>
    /// A pose 1 m in front of a building's street face, facing it, with nothing solid between: the car's footprint
    /// swept over that metre is free of solid cells.
    /// </summary>
    private static (Vec2 Start, double Yaw) ApproachToABuilding(TownLayout layout)
    {
        foreach (StaticObject building in layout.Objects.Where(o => o.Kind == StaticObjectKind.Building))
        {
            // Buildings face the road on the left of their depth axis (they stand right of a lane).
            Vec2 inward = Vec2.FromHeading(building.YawRadians).Right;
            Vec2 face = building.Center - (inward * building.HalfExtents.Y);
            Vec2 start = face - (inward * (P.HalfLengthMeters + 1.0));
            double yaw = inward.HeadingRadians;
            if (Clear(layout.Surface, start, yaw, 1.0 - 0.25))
            {
                return (start, yaw);
            }
        }

        throw new InvalidOperationException("No building with a clear approach in the town.");
    }

    private static bool Clear(SurfaceMap surface, Vec2 start, double yaw, double travel)
    {
        Vec2 f = Vec2.FromHeading(yaw), r = f.Right;
        for (double u = -P.HalfLengthMeters - 0.5; u <= P.HalfLengthMeters + travel; u += 0.05)
        {
            for (double w = -P.HalfWidthMeters - 0.3; w <= P.HalfWidthMeters + 0.3; w += 0.05)
            {
                Vec2 p = start + (f * u) + (r * w);
                if (SurfaceMap.IsSolid(surface.KindAt(p.X, p.Y)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void Placing_the_player_mid_episode_keeps_the_collision_totals()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Lane lane = TestWorlds.LongestRoadLane(world.Town);
        world.AddVehicle(lane, 60, parked: true);
        TestWorlds.PlaceOnLane(world, lane, 50, speed: 8);
        float hit = world.Drive(VehicleControl.Neutral, 20).Player().CollisionVehicles;
        Assert.True(hit > 0);
        TestWorlds.PlaceOnLane(world, lane, 20);
        Assert.Equal(hit, world.ReadFrame().Player().CollisionVehicles);
    }
}
