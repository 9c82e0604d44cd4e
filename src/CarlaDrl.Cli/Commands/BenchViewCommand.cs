using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CarlaDrl.Cli.Training;
using CarlaDrl.Cli.Viewer;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Envs;
using CarlaDrl.Learning;
using CarlaDrl.Learning.Algorithms;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl bench view</c>: what the real-time viewer costs training. One run, one config: PPO iterations
/// (rollout + update) alternate between the viewer watching env 0 and nobody watching, after an untimed warm-up of
/// each; end-to-end env steps/s of both modes and their ratio. Needs a display (under xvfb-run on a server).
/// </summary>
internal static class BenchViewCommand
{
    public static Command Create()
    {
        var config = new Option<string[]>("--config") { Description = "YAML config file(s) as for train (default: the built-in defaults = configs/ppo_town01.yaml)." };
        var set = new Option<string[]>("--set") { Description = "Override a key as for train, e.g. --set run.num_envs=8." };
        var iterations = new Option<int>("--iterations") { Description = "Timed PPO iterations per mode (they alternate: off, on, off, on, …).", DefaultValueFactory = _ => 3 };
        var fps = new Option<double>("--view-fps") { Description = "The viewer's frame cap.", DefaultValueFactory = _ => 20 };
        var command = new Command("view", "Training steps/s with the real-time viewer on vs off, alternating in the same run (needs a display: xvfb-run).");
        foreach (Option option in new Option[] { config, set, iterations, fps })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() => Run(result.GetValue(config) ?? [], result.GetValue(set) ?? [], result.GetValue(iterations), result.GetValue(fps))));
        return command;
    }

    private static int Run(string[] files, string[] assignments, int iterations, double fps)
    {
        if (iterations is < 1 or > 1000)
        {
            throw new ArgumentException($"--iterations {iterations} is out of range; allowed: 1..1000.");
        }

        if (fps is < 1 or > 240)
        {
            throw new ArgumentException($"--view-fps {fps} is out of range; allowed: 1..240.");
        }

        if (Displays.WhyNoDisplay() is string missing)
        {
            throw new ArgumentException($"bench view needs a window: {missing}. Run it under a display or xvfb-run: xvfb-run -a -s '-screen 0 1280x720x24' ./carla-drl bench view");
        }

        (_, TrainConfig config, _) = RunConfigLoader.Load(files, assignments);
        int threads = TorchRuntime.ConfigureThreads(config.Run.TorchThreads == 0 ? null : config.Run.TorchThreads);
        using LiveViewer viewer = LiveViewer.TryOpen(Path.GetFullPath("screenshots"), System.Console.WriteLine, fps)
            ?? throw new IOException("The viewer window did not open (see the line above).");
        var monitor = new Switch(viewer.Monitor("train env 0"));
        using var envs = DrivingEnvFactory.Training(config, new HashSet<(int, int)>(), new ConcurrentQueue<EpisodeRecord>(), monitor: monitor);
        using var ppo = new Ppo<DictObservation>(envs, config.Ppo);
        ppo.TotalTimesteps = long.MaxValue;
        System.Console.WriteLine($"bench view: {config.Run.NumEnvs} envs × n_steps {config.Ppo.NSteps} = {config.RolloutSize:N0} steps per iteration, {config.World.Town}, torch threads {threads}, {Environment.ProcessorCount} cores, viewer cap {fps:0} fps; warm-up off + on, then {iterations} timed iterations per mode, alternating.");
        foreach (bool on in new[] { false, true })
        {
            monitor.On = on;
            ppo.CollectRollout();
            ppo.Update();
        }

        double[] seconds = new double[2];
        long[] shown = new long[2];
        for (int i = 0; i < 2 * iterations; i++)
        {
            bool on = i % 2 == 1;
            monitor.On = on;
            viewer.Status = on ? "bench view: viewer on" : "bench view: viewer off";
            (_, long shownBefore) = viewer.Counts;
            long start = Stopwatch.GetTimestamp();
            ppo.CollectRollout();
            ppo.Update();
            double elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
            (_, long shownAfter) = viewer.Counts;
            seconds[on ? 1 : 0] += elapsed;
            shown[on ? 1 : 0] += shownAfter - shownBefore;
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  iteration {(i / 2) + 1} viewer {(on ? "on " : "off")}: {config.RolloutSize / elapsed:0} steps/s{(on ? $" ({(shownAfter - shownBefore) / elapsed:0.0} frames/s shown)" : "")}"));
        }

        if (!viewer.IsOpen)
        {
            System.Console.WriteLine("warning: the viewer was closed during the benchmark; the 'on' iterations after that did not show anything.");
        }

        (long offered, long shownTotal) = viewer.Counts;
        (TimeSpan copying, TimeSpan drawing) = viewer.Costs;
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"cost parts: env 0 copied {offered:N0} snapshots at {1e6 * copying.TotalSeconds / Math.Max(1, offered):0.0} µs each (on the env's thread); the viewer thread composed and showed {shownTotal:N0} frames at {1e3 * drawing.TotalSeconds / Math.Max(1, shownTotal):0.00} ms each."));
        long steps = config.RolloutSize * iterations;
        double off = steps / seconds[0], with = steps / seconds[1];
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"viewer off {off:0} env steps/s; viewer on {with:0} env steps/s ({shown[1] / seconds[1]:0.0} frames/s shown); with the viewer = {100 * with / off:0.0}% of without (cost {100 * (1 - (with / off)):0.0}%)."));
        return 0;
    }

    /// <summary>Passes env 0's steps to the viewer only while on (the agents are asked for in both modes, from the warm-up on).</summary>
    private sealed class Switch(IDrivingEnvMonitor inner) : IDrivingEnvMonitor
    {
        public volatile bool On;

        public bool WantsAgents => inner.WantsAgents;

        public void Observe(DrivingEnv env)
        {
            if (On)
            {
                inner.Observe(env);
            }
        }
    }
}
