using System.Diagnostics;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Bench;

/// <summary>
/// Steps an embedded world on its autopilot (ReadFrame + SendControl per step) and measures steps per second and
/// managed bytes allocated per step on the calling thread, after a warm-up. Repeats give a range.
/// </summary>
internal static class WorldBenchmark
{
    public static WorldBenchmarkResult Measure(EmbeddedWorldOptions options, string scenario, EpisodeSettings settings, int warmupSteps, int steps, int repeats)
    {
        using var world = new EmbeddedWorld(options);
        var rates = new List<double>();
        double bytesPerStep = 0;
        int gen0 = 0;
        for (int r = 0; r < repeats; r++)
        {
            world.NewEpisode(settings with { SeedVehicles = (settings.SeedVehicles ?? 0) + r, SeedPedestrians = (settings.SeedPedestrians ?? 0) + r });
            world.StartEpisode(r % world.Town.StartSpots.Count);
            Run(world, warmupSteps);
            int gcBefore = GC.CollectionCount(0);
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            long start = Stopwatch.GetTimestamp();
            Run(world, steps);
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            bytesPerStep = Math.Max(bytesPerStep, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)steps);
            gen0 += GC.CollectionCount(0) - gcBefore;
            rates.Add(steps / seconds);
        }

        rates.Sort();
        return new WorldBenchmarkResult(scenario, settings.NumberOfVehicles, settings.NumberOfPedestrians, steps, repeats, rates[rates.Count / 2], rates[0], rates[^1], bytesPerStep, gen0);
    }

    private static void Run(EmbeddedWorld world, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            WorldFrame frame = world.ReadFrame();
            world.SendControl(frame.Measurements.PlayerMeasurements.AutopilotControl);
        }
    }
}
