using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Tests.Support;
using CarlaDrl.Simulator.Tests.Traffic;

namespace CarlaDrl.Simulator.Tests;

/// <summary>non_player_agents (spec §6): every vehicle, pedestrian, light and speed-limit sign, ids stable within an episode.</summary>
[Collection(BusyTownGroup.Name)]
public sealed class AgentReportTests(BusyTownRun run)
{
    [Fact]
    public void Every_frame_reports_each_agent_as_the_world_has_it()
    {
        Assert.True(run.AgentReportErrors.Count == 0, string.Join(Environment.NewLine, run.AgentReportErrors.Take(20)));
    }

    [Fact]
    public void Agent_ids_are_unique_and_the_list_holds_every_kind()
    {
        Assert.Equal(run.FirstAgentIds.Length, run.FirstAgentIds.Distinct().Count());
        Assert.Equal(20 + 30 + run.Layout.TrafficLights.Count + run.Layout.SpeedLimitSigns.Count, run.FirstAgentIds.Length);
        Assert.NotEmpty(run.Layout.TrafficLights);
        Assert.NotEmpty(run.Layout.SpeedLimitSigns);
    }

    [Fact]
    public void Without_send_non_player_agents_info_the_list_stays_empty()
    {
        using EmbeddedWorld world = TestWorlds.Started(TestWorlds.Busy with { SendNonPlayerAgentsInfo = false });
        for (int i = 0; i < 20; i++)
        {
            Assert.Empty(world.ReadFrame().Measurements.NonPlayerAgents);
            world.SendControl(VehicleControl.Neutral);
        }

        Assert.Equal(20, world.Traffic.Vehicles.Count);
    }

    [Fact]
    public void A_new_episode_with_fewer_agents_reports_fewer()
    {
        using EmbeddedWorld world = TestWorlds.Started(TestWorlds.Busy);
        world.NewEpisode(TestWorlds.Busy with { NumberOfVehicles = 3, NumberOfPedestrians = 0 });
        world.StartEpisode(0);
        var agents = world.ReadFrame().Measurements.NonPlayerAgents;
        Assert.Equal(3, agents.Count(a => a.Kind == AgentKind.Vehicle));
        Assert.Equal(0, agents.Count(a => a.Kind == AgentKind.Pedestrian));
        Assert.Equal(world.Layout.TrafficLights.Count, agents.Count(a => a.Kind == AgentKind.TrafficLight));
    }

    [Fact]
    public void Speed_limits_are_in_metres_per_second()
    {
        using EmbeddedWorld world = TestWorlds.Started(TestWorlds.Busy);
        var signs = world.ReadFrame().Measurements.NonPlayerAgents.Where(a => a.Kind == AgentKind.SpeedLimitSign).ToList();
        Assert.NotEmpty(signs);

        // 30 km/h ÷ 3.6 = 8.33 m/s (a km/h value would read 30).
        Assert.All(signs, s => Assert.Equal(30 / 3.6, s.SpeedLimit, 1e-5));
    }
}
