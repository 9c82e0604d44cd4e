using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Tests.Support;

namespace CarlaDrl.Simulator.Tests.Autopilot;

/// <summary>
/// The built-in expert: echoing autopilot_control along a route given to the world drives it to the goal within the
/// CARLA benchmark's timeout, in traffic, with no collision and no off-road frame. Deterministic (fixed seeds), so a
/// failure is a real regression, never a flake.
/// </summary>
public sealed class AutopilotDriverTests
{
    public static TheoryData<int> Routes => new() { 0, 1, 2, 3, 4 };

    [Theory]
    [MemberData(nameof(Routes))]
    public void The_autopilot_completes_a_seeded_Town01_route_in_traffic_without_infractions(int index)
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Seed = 1 });
        (int start, int goal) = PickRoute(world, index);
        var runner = new RouteEpisodeRunner(world, world.Town);
        EpisodeSettings settings = TestWorlds.Busy with { SendNonPlayerAgentsInfo = false, SeedVehicles = 100 + index, SeedPedestrians = 200 + index };

        RouteEpisodeResult result = runner.Run(settings, start, goal, (frame, _) => frame.Measurements.PlayerMeasurements.AutopilotControl);

        Assert.True(result.Success, $"route {start} → {goal}: {result}");
        Assert.Equal(0, result.CollisionVehicles + result.CollisionPedestrians + result.CollisionOther);
        Assert.Equal(0, result.OffRoadFrames);
        Assert.Equal(0, result.OtherLaneFrames);
        Assert.True(result.DrivenMeters > 0.9 * result.RouteLengthMeters, $"drove {result.DrivenMeters:0} m of a {result.RouteLengthMeters:0} m route");
    }

    [Fact]
    public void Without_a_route_the_autopilot_picks_turns_and_keeps_driving()
    {
        using EmbeddedWorld world = TestWorlds.Started(TestWorlds.Busy, startIndex: 77);
        WorldFrame frame = world.ReadFrame();
        double driven = 0;
        for (int i = 0; i < 1200; i++)
        {
            world.SendControl(frame.Player().AutopilotControl);
            frame = world.ReadFrame();
            driven += frame.Player().ForwardSpeed * 0.1;
            Assert.True(frame.Player().IntersectionOffRoad <= RouteEpisodeRunner.OffRoadThreshold, $"off-road at step {i}");
        }

        Assert.True(driven > 400, $"drove {driven:0} m in two minutes");
        Assert.Equal(0, frame.Player().CollisionVehicles + frame.Player().CollisionPedestrians + frame.Player().CollisionOther);
    }

    /// <summary>Start and goal spots of the <paramref name="index"/>-th seeded route, at least 300 m long with a turn.</summary>
    private static (int Start, int Goal) PickRoute(EmbeddedWorld world, int index)
    {
        var rng = new Rng(1000L + index);
        var planner = new RoutePlanner(world.Town.Network);
        int spots = world.Town.StartSpots.Count;
        while (true)
        {
            int start = rng.NextInt(spots), goal = rng.NextInt(spots);
            Route? route = start == goal ? null : planner.Plan(world.Town.StartSpots[start], world.Town.StartSpots[goal]);
            if (route is not null && route.Length >= 300 && route.TurnCount >= 1)
            {
                return (start, goal);
            }
        }
    }
}
