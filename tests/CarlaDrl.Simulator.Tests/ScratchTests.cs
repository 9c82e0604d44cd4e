using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.World;
using Xunit.Abstractions;

namespace CarlaDrl.Simulator.Tests;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Debug()
    {
        string town = Environment.GetEnvironmentVariable("DBG_TOWN") ?? "Town01";
        int seedV = int.Parse(Environment.GetEnvironmentVariable("DBG_SV") ?? "23");
        int start = int.Parse(Environment.GetEnvironmentVariable("DBG_START") ?? "108");
        int goal = int.Parse(Environment.GetEnvironmentVariable("DBG_GOAL") ?? "121");
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = town });
        var runner = new RouteEpisodeRunner(world, world.Town);
        var settings = new EpisodeSettings { NumberOfVehicles = 20, NumberOfPedestrians = 30, SeedVehicles = seedV, SeedPedestrians = seedV + 7919 };
        var hist = new Queue<string>();
        float last = 0;
        var r = runner.Run(settings, start, goal, (frame, route) =>
        {
            var pm = frame.Measurements.PlayerMeasurements;
            var sb = new System.Text.StringBuilder();
            sb.Append($"t={frame.Measurements.GameTimestamp / 1000.0:0.0} pos {pm.Transform.Location} yaw {pm.Transform.Rotation.YawDegrees:0} v {pm.ForwardSpeed:0.00} ap {pm.AutopilotControl} lane {world.Autopilot.Plan.Current}");
            foreach (var p in world.Pedestrians.Pedestrians)
            {
                double d = Math.Sqrt(Math.Pow(p.X - pm.Transform.Location.X, 2) + Math.Pow(p.Y - pm.Transform.Location.Y, 2));
                if (d < 12) sb.Append($"\n    ped {p.Index} at ({p.X:0.0},{p.Y:0.0}) {p.State} v {p.Speed:0.0} yaw {p.Yaw * 57.3:0} d {d:0.0}");
            }
            hist.Enqueue(sb.ToString());
            if (hist.Count > 15) hist.Dequeue();
            if (pm.CollisionPedestrians > last) { foreach (var h in hist) output.WriteLine(h); }
            last = pm.CollisionPedestrians;
            if (frame.Measurements.GameTimestamp < 0)
            {
                var plan = world.Autopilot.Plan;
                output.WriteLine($"t={frame.Measurements.GameTimestamp / 1000.0:0.0} pos {pm.Transform.Location} v {pm.ForwardSpeed:0.00} ap {pm.AutopilotControl} lane {plan.Current} s {plan.S:0.0} next {(plan.Count > 1 ? plan[1].ToString() : "-")} light {world.Lights.StateAtEndOf(plan.Current)}");
                foreach (var v in world.Traffic.Vehicles)
                {
                    double d = Math.Sqrt(Math.Pow(v.X - pm.Transform.Location.X, 2) + Math.Pow(v.Y - pm.Transform.Location.Y, 2));
                    if (d < 30) output.WriteLine($"    npc {v.Index} ({v.X:0.0},{v.Y:0.0}) v {v.Speed:0.0} lane {v.Plan.Current} s {v.Plan.S:0.0} next {(v.Plan.Count > 1 ? v.Plan[1].ToString() : "-")} light {world.Lights.StateAtEndOf(v.Plan.Current)} d {d:0.0}");
                }
            }
            return pm.AutopilotControl;
        });
        output.WriteLine(r.ToString());
    }
}
