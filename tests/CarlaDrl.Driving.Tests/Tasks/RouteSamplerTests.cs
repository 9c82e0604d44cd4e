using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Tests.Tasks;

/// <summary>
/// RouteSampler.SampleFrom: routes from where the car stands, for worlds that cannot place the player
/// (IContinuingWorld, e.g. the seed's ZeroMQ client): spot 0 is the car's pose, the town's spots follow as goals.
/// </summary>
public sealed class RouteSamplerTests
{
    [Fact]
    public void Routes_start_at_the_cars_pose_even_a_little_off_its_lane()
    {
        TownMap town = BuiltInTowns.Town01;
        StartSpot spot = town.StartSpots[20];
        LanePose pose = spot.Lane.PoseAt(spot.S);

        // 4.5 m to the side of the lane centre: farther than a start spot may lie (3 m), within the car's radius (6 m).
        Vec2 side = new(-Math.Sin(pose.HeadingRadians), Math.Cos(pose.HeadingRadians));
        Vec2 car = pose.Position + (side * 4.5);
        Transform here = Transform.FromPlanar(car.X, car.Y, 0, pose.HeadingRadians * Angles.DegreesPerRadian);
        var sampler = new RouteSampler(town, [here, .. town.StartSpots.Select(s => s.Transform)]);
        Assert.Null(sampler.Plan(0, 5)); // the plain 3 m match does not find the car

        var rng = new Rng(3);
        for (int i = 0; i < 20; i++)
        {
            (int start, int goal, Route route) = sampler.SampleFrom(0, rng, 100, 400, 0);
            Assert.Equal(0, start);
            Assert.NotEqual(0, goal);
            Assert.InRange(route.Length, 100, 400);
            Assert.True(Vec2.Distance(route.Start.Position, car) <= 6.0);
            Vector3D goalSpot = town.StartSpots[goal - 1].Transform.Location;
            Assert.True(Vec2.Distance(route.Goal.Position, new Vec2(goalSpot.X, goalSpot.Y)) <= 0.01);
        }
    }

    [Fact]
    public void A_car_far_from_every_lane_is_reported_as_waiting_not_moved()
    {
        TownMap town = BuiltInTowns.Town01;
        Transform nowhere = Transform.FromPlanar(-80, -80, 0, 0);
        var sampler = new RouteSampler(town, [nowhere, .. town.StartSpots.Select(s => s.Transform)]);
        WorldConnectionLostException e = Assert.Throws<WorldConnectionLostException>(() => sampler.SampleFrom(0, new Rng(1), 100, 400, 0));
        Assert.Contains("(-80.0, -80.0)", e.Message, StringComparison.Ordinal);
        Assert.Contains("not on a lane of Town01", e.Message, StringComparison.Ordinal);
    }
}
