using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CarlaDrl.Bridge.Client;
using CarlaDrl.Cli.Training;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Learning;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl bench bridge</c>: (1) the lockstep step round trip through a bridge worker process over loopback with a
/// 64×64 camera (p50/p99), next to the same world stepped in process; (2) PPO training steps/s with N bridge workers
/// against N in-process envs, same config, measured one after the other in this run.
/// </summary>
internal static class BenchBridgeCommand
{
    public static Command Create()
    {
        var steps = new Option<int>("--steps") { Description = "Timed lockstep steps (after 300 untimed).", DefaultValueFactory = _ => 5000 };
        var vehicles = new Option<int>("--vehicles") { Description = "Vehicles in the world.", DefaultValueFactory = _ => 0 };
        var pedestrians = new Option<int>("--pedestrians") { Description = "Pedestrians in the world.", DefaultValueFactory = _ => 0 };
        var camera = new Option<int>("--camera") { Description = "Camera side in pixels (square).", DefaultValueFactory = _ => 64 };
        var spin = new Option<int>("--spin-us") { Description = "Microseconds the client polls for a reply, and the worker for the next request, before blocking.", DefaultValueFactory = _ => 0 };
        var train = new Option<int>("--train-iterations") { Description = "Timed PPO iterations per mode for the training comparison (0 skips it).", DefaultValueFactory = _ => 2 };
        var workers = new Option<int>("--workers") { Description = "Bridge workers (and in-process envs) in the training comparison.", DefaultValueFactory = _ => 2 };
        var set = new Option<string[]>("--set") { Description = "Override a training config key for the comparison, e.g. --set ppo.n_steps=512." };
        var command = new Command("bridge", "Bridge speed: lockstep step round trip over loopback (p50/p99) and training steps/s with bridge workers vs in-process envs.");
        foreach (Option option in new Option[] { steps, vehicles, pedestrians, camera, spin, train, workers, set })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            int n = result.GetValue(steps), side = result.GetValue(camera);
            if (n is < 100 or > 10_000_000 || side is < 8 or > 1024)
            {
                throw new ArgumentException("--steps must be 100..10,000,000 and --camera 8..1024.");
            }

            var settings = new EpisodeSettings
            {
                NumberOfVehicles = result.GetValue(vehicles),
                NumberOfPedestrians = result.GetValue(pedestrians),
                SeedVehicles = 1,
                SeedPedestrians = 2,
                Sensors = [new CameraDefinition("CameraRGB") { ImageSizeX = side, ImageSizeY = side, PositionX = 2f, PositionZ = 1.4f }],
            }.Validate();
            (_, TrainConfig config, _) = RunConfigLoader.Load([], [.. result.GetValue(set) ?? [], $"run.num_envs={result.GetValue(workers)}", "run.eval_episodes=0"]);
            RoundTrip(config, settings, n, result.GetValue(spin));
            if (result.GetValue(train) > 0)
            {
                Training(config, result.GetValue(train));
            }

            return 0;
        }));
        return command;
    }

    private static void RoundTrip(TrainConfig config, EpisodeSettings settings, int steps, int spin)
    {
        string logs = Path.Combine(Path.GetTempPath(), $"carla-drl-bench-bridge-{Environment.ProcessId}");
        using BridgeWorkers worker = BridgeWorkers.Start(1, evaluation: false, config, logs, _ => { }, "--spin-us", spin.ToString(CultureInfo.InvariantCulture));
        using var remote = new RemoteWorld(new RemoteWorldOptions { Endpoint = BridgeEndpoint.Parse(worker.Training[0]).Tcp, SpinMicroseconds = spin });
        using var local = new EmbeddedWorld(config.World.ToWorldOptions(config.Run.Seed * 1000));
        double[] remoteTimes = Drive(remote, settings, steps), localTimes = Drive(local, settings, steps);
        double[] pings = [.. Enumerable.Range(0, steps).Select(_ => remote.Ping().TotalMicroseconds)];
        Array.Sort(pings);
        Array.Sort(remoteTimes);
        Array.Sort(localTimes);
        double p50 = Percentile(remoteTimes, 0.5), p99 = Percentile(remoteTimes, 0.99), local50 = Percentile(localTimes, 0.5);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench bridge: lockstep step with a {settings.Sensors[0] switch { CameraDefinition c => $"{c.ImageSizeX}×{c.ImageSizeY}", _ => "?" }} camera, {settings.NumberOfVehicles} vehicles, {settings.NumberOfPedestrians} pedestrians, {steps:N0} steps, spin {spin} µs, {Environment.ProcessorCount} cores"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  through a bridge worker process (loopback): p50 {p50:0} µs, p90 {Percentile(remoteTimes, 0.9):0} µs, p99 {p99:0} µs, mean {remoteTimes.Average():0} µs ({1e6 / remoteTimes.Average():0} steps/s)"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  the same world in process:                 p50 {local50:0} µs, p99 {Percentile(localTimes, 0.99):0} µs, mean {localTimes.Average():0} µs; bridge overhead at p50 {p50 - local50:0} µs"));
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  heartbeat round trip (transport only):     p50 {Percentile(pings, 0.5):0} µs, p99 {Percentile(pings, 0.99):0} µs"));
        Directory.Delete(logs, recursive: true);
    }

    /// <summary>Per-step wall times in µs: SendControl then ReadFrame (one round trip for a remote world), autopilot controls.</summary>
    private static double[] Drive(IDrivingWorld world, EpisodeSettings settings, int steps)
    {
        const int warmup = 300, episodeSteps = 2000;
        var times = new double[steps];
        world.NewEpisode(settings);
        world.StartEpisode(0);
        for (int i = -warmup; i < steps; i++)
        {
            if (i > 0 && i % episodeSteps == 0)
            {
                world.NewEpisode(settings);
                world.StartEpisode(i / episodeSteps);
            }

            VehicleControl control = world.ReadFrame().Measurements.PlayerMeasurements.AutopilotControl;
            long start = Stopwatch.GetTimestamp();
            world.SendControl(control);
            world.ReadFrame();
            if (i >= 0)
            {
                times[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
        }

        return times;
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private static void Training(TrainConfig config, int iterations)
    {
        int threads = TorchRuntime.ConfigureThreads(config.Run.TorchThreads == 0 ? null : config.Run.TorchThreads);
        System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench bridge: training, {config.Run.NumEnvs} envs × n_steps {config.Ppo.NSteps} = {config.RolloutSize:N0} steps per iteration, torch threads {threads}; 1 warm-up + {iterations} timed iterations per mode, the modes alternating so that drift on a noisy machine hits both"));
        string logs = Path.Combine(Path.GetTempPath(), $"carla-drl-bench-bridge-train-{Environment.ProcessId}");
        using (BridgeWorkers pool = BridgeWorkers.Start(config.Run.NumEnvs, evaluation: false, config, logs, _ => { }))
        using (var local = new Trainer(config))
        using (var bridged = new Trainer(config with { World = config.World with { Servers = pool.Training } }))
        {
            for (int i = 0; i < iterations; i++)
            {
                local.Iterate();
                bridged.Iterate();
            }

            double inProcess = local.Rate, overBridge = bridged.Rate;
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  in process        : {inProcess:0} env steps/s end to end (env stepping {local.EnvSeconds / iterations:0.00} s per rollout)"));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {config.Run.NumEnvs} bridge workers  : {overBridge:0} env steps/s end to end (env stepping {bridged.EnvSeconds / iterations:0.00} s per rollout)"));
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  bridge workers / in process = {100 * overBridge / inProcess:0.0}% ({overBridge:0} vs {inProcess:0} env steps/s end to end)"));
        }

        Directory.Delete(logs, recursive: true);
    }

    /// <summary>A PPO learner over the config's envs, warmed up by one untimed iteration, that times each further one.</summary>
    private sealed class Trainer : IDisposable
    {
        private readonly Envs.Vector.ThreadedVectorEnv<DictObservation, NDArray<float>> _envs;
        private readonly Ppo<DictObservation> _ppo;
        private readonly long _rollout;
        private double _seconds;
        private long _steps;

        public Trainer(TrainConfig config)
        {
            var envs = DrivingEnvFactory.Training(config, new HashSet<(int, int)>(), new ConcurrentQueue<EpisodeRecord>());
            _envs = envs;
            _ppo = new Ppo<DictObservation>(envs, config.Ppo) { TotalTimesteps = long.MaxValue };
            _rollout = config.RolloutSize;
            _ppo.CollectRollout();
            _ppo.Update();
        }

        public double Rate => _steps / _seconds;

        public double EnvSeconds { get; private set; }

        public void Iterate()
        {
            long start = Stopwatch.GetTimestamp();
            _ppo.CollectRollout();
            EnvSeconds += _ppo.LastRolloutEnvSeconds;
            _ppo.Update();
            _seconds += Stopwatch.GetElapsedTime(start).TotalSeconds;
            _steps += _rollout;
        }

        public void Dispose()
        {
            _ppo.Dispose();
            _envs.Dispose();
        }
    }
}
