namespace CarlaDrl.Simulator.Tests.Traffic;

/// <summary>Traffic vehicles in five busy minutes of Town01: they drive, never overlap, and stop for red lights.</summary>
[Collection(BusyTownGroup.Name)]
public sealed class TrafficManagerTests(BusyTownRun run)
{
    [Fact]
    public void Town01_holds_the_requested_twenty_vehicles()
    {
        Assert.Equal(20, run.VehicleCount);
        Assert.Equal(30, run.PedestrianCount);
    }

    [Fact]
    public void Traffic_moves()
    {
        // 20 vehicles for 300 s; waiting at lights and behind each other, they still average well above 2 m/s.
        Assert.True(run.DistanceDriven > 20 * 300 * 2.0, $"traffic drove {run.DistanceDriven:0} m in total");
        Assert.True(run.JunctionEntries > 100, $"only {run.JunctionEntries} junction entries");
    }

    [Fact]
    public void No_two_traffic_vehicles_ever_overlap()
    {
        Assert.True(run.Overlaps.Count == 0, string.Join(Environment.NewLine, run.Overlaps.Take(20)));
    }

    [Fact]
    public void No_vehicle_enters_a_junction_on_red()
    {
        // Entering = the front bumper crossing the stop line at the end of a signalled approach lane.
        Assert.True(run.StopLineCrossings > 100, $"only {run.StopLineCrossings} stop-line crossings");
        Assert.True(run.FrontOnRed.Count == 0, string.Join(Environment.NewLine, run.FrontOnRed.Take(20)));
    }

    [Fact]
    public void The_player_on_autopilot_hits_nothing_in_the_busy_town()
    {
        Assert.Equal(0, run.PlayerCollisions);
    }
}
