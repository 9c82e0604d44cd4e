using System.Diagnostics;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Towns;
using Xunit.Abstractions;

namespace CarlaDrl.Simulator.Tests;

public sealed class ScratchTests(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        var sw = Stopwatch.StartNew();
        using var world = new EmbeddedWorld();
        output.WriteLine($"layout {sw.ElapsedMilliseconds} ms objects {world.Layout.Objects.Count} loops {world.Layout.SidewalkLoops.Count} crosswalks {world.Layout.Crosswalks.Count} lights {world.Layout.TrafficLights.Count}");
        SurfaceMap m = world.Layout.Surface;
        using (var f = File.Create("/tmp/surface.ppm"))
        {
            var header = System.Text.Encoding.ASCII.GetBytes($"P6 {m.Width} {m.Height} 255\n");
            f.Write(header);
            var colors = new byte[][] { [128, 64, 128], [200, 200, 200], [244, 35, 232], [107, 142, 35], [70, 70, 70], [102, 102, 156], [190, 153, 153], [255, 255, 0], [0, 255, 0] };
            var row = new byte[m.Width * 3];
            for (int y = 0; y < m.Height; y++)
            {
                for (int x = 0; x < m.Width; x++)
                {
                    var c = colors[(int)m.CellKind(x, y)];
                    row[3 * x] = c[0]; row[3 * x + 1] = c[1]; row[3 * x + 2] = c[2];
                }
                f.Write(row);
            }
        }

        world.NewEpisode(new EpisodeSettings { NumberOfVehicles = 20, NumberOfPedestrians = 30, SendNonPlayerAgentsInfo = false });
        world.StartEpisode(3);
        var trace = new List<string>();
        sw.Restart();
        for (int i = 0; i < 3000; i++)
        {
            var frame = world.ReadFrame();
            var pm = frame.Measurements.PlayerMeasurements;
            if (i % 100 == 0)
            {
                output.WriteLine($"t={frame.Measurements.GameTimestamp / 1000.0:0.0} pos {pm.Transform.Location} v {pm.ForwardSpeed:0.00} coll {pm.CollisionVehicles:0}/{pm.CollisionPedestrians:0}/{pm.CollisionOther:0} other {pm.IntersectionOtherLane:0.00} off {pm.IntersectionOffRoad:0.00} ap {pm.AutopilotControl}");
            }
            trace.Add($"{pm.Transform.Location.X} {pm.Transform.Location.Y}");
            world.SendControl(pm.AutopilotControl);
        }
        output.WriteLine($"3000 steps in {sw.ElapsedMilliseconds} ms");
        File.WriteAllLines("/tmp/trace.txt", trace);
        var npc = world.Traffic.Vehicles.Select(v => $"{v.X} {v.Y} {v.Speed}").ToList();
        File.WriteAllLines("/tmp/npc.txt", npc);
        output.WriteLine($"origin {m.Origin}");
    }
}
