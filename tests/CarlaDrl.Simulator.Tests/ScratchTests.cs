using System.Diagnostics;
using CarlaDrl.Driving.World;
using Xunit.Abstractions;

namespace CarlaDrl.Simulator.Tests;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Speed()
    {
        var sw = Stopwatch.StartNew();
        using var world = new EmbeddedWorld();
        output.WriteLine($"layout {sw.ElapsedMilliseconds} ms");
        foreach (var (veh, ped) in new[] { (0, 0), (20, 0), (0, 30), (20, 30) })
        {
            world.NewEpisode(new EpisodeSettings { NumberOfVehicles = veh, NumberOfPedestrians = ped, SeedVehicles = 1, SeedPedestrians = 2 });
            world.StartEpisode(3);
            for (int i = 0; i < 20000; i++) { var f = world.ReadFrame(); world.SendControl(f.Measurements.PlayerMeasurements.AutopilotControl); }
            long alloc = GC.GetAllocatedBytesForCurrentThread();
            sw.Restart();
            int n = 100000;
            for (int i = 0; i < n; i++) { var f = world.ReadFrame(); world.SendControl(f.Measurements.PlayerMeasurements.AutopilotControl); }
            double s = sw.Elapsed.TotalSeconds;
            long bytes = GC.GetAllocatedBytesForCurrentThread() - alloc;
            var pm = world.ReadFrame().Measurements.PlayerMeasurements;
            output.WriteLine($"{veh}/{ped}: {n / s:0} steps/s, {bytes / (double)n:0.0} B/step, coll {pm.CollisionVehicles}/{pm.CollisionPedestrians}/{pm.CollisionOther}");
        }
    }
}
