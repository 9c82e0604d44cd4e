using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.World;
using Xunit.Abstractions;

namespace CarlaDrl.Simulator.Tests;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void DebugPed()
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town02" });
        var runner = new RouteEpisodeRunner(world, world.Town);
        var settings = new EpisodeSettings { NumberOfVehicles = 20, NumberOfPedestrians = 30, SeedVehicles = 2 + 40, SeedPedestrians = 2 + 7919 + 40 };
        var hist = new Queue<string>();
        float last = 0;
        bool printed = false;
        var r = runner.Run(settings, 71, 17, (frame, route) =>
        {
            var pm = frame.Measurements.PlayerMeasurements;
            var plan = world.Autopilot.Plan;
            var sb = new System.Text.StringBuilder();
            sb.Append($"t={frame.Measurements.GameTimestamp / 1000.0:0.0} pos {pm.Transform.Location} yaw {pm.Transform.Rotation.YawDegrees:0} v {pm.ForwardSpeed:0.00} ap {pm.AutopilotControl} lane {plan.Current} s {plan.S:0.0}");
            foreach (var v in world.Traffic.Vehicles)
            {
                double d = Math.Sqrt(Math.Pow(v.X - pm.Transform.Location.X, 2) + Math.Pow(v.Y - pm.Transform.Location.Y, 2));
                if (d < 20) sb.Append($"\n    npc {v.Index} at ({v.X:0.0},{v.Y:0.0}) yaw {v.Yaw * 57.3:0} v {v.Speed:0.0} lane {v.Plan.Current} s {v.Plan.S:0.0} next {(v.Plan.Count > 1 ? v.Plan[1].ToString() : "-")} d {d:0.0}");
            }
            hist.Enqueue(sb.ToString());
            if (hist.Count > 3) hist.Dequeue();
            if (frame.Measurements.GameTimestamp == 80000 && !printed)
            {
                printed = true;
                foreach (var h in hist) output.WriteLine(h);
            }
            last = pm.CollisionVehicles;
            return pm.AutopilotControl;
        });
        output.WriteLine(r.ToString());
    }
}
