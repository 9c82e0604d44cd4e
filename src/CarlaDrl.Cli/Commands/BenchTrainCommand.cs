using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CarlaDrl.Cli.Training;
using CarlaDrl.Envs;
using CarlaDrl.Learning;
using CarlaDrl.Learning.Algorithms;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl bench train</c>: end-to-end training speed (rollout + update, env steps/s) against the learner bound
/// (the PPO update alone: rollout size / update time), in the same run with the same config, after one untimed
/// warm-up iteration.
/// </summary>
internal static class BenchTrainCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var config = new Option<string[]>("--config") { Description = "YAML config file(s) as for train (default: the built-in defaults = configs/ppo_town01.yaml)." };
        var set = new Option<string[]>("--set") { Description = "Override a key as for train, e.g. --set run.num_envs=8." };
        var iterations = new Option<int>("--iterations") { Description = "Timed PPO iterations (each a rollout of n_steps × num_envs steps and its update).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON." };
        var command = new Command("train", "End-to-end PPO training steps/s vs the learner bound (the update alone), same config, same run.");
        foreach (Option option in new Option[] { config, set, iterations, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() => Run(result.GetValue(config) ?? [], result.GetValue(set) ?? [], result.GetValue(iterations), result.GetValue(json))));
        return command;
    }

    private static int Run(string[] files, string[] assignments, int iterations, bool json)
    {
        if (iterations is < 1 or > 1000)
        {
            throw new ArgumentException($"--iterations {iterations} is out of range; allowed: 1..1000.");
        }

        (_, TrainConfig config, _) = RunConfigLoader.Load(files, assignments);
        int threads = TorchRuntime.ConfigureThreads(config.Run.TorchThreads == 0 ? null : config.Run.TorchThreads);
        using var envs = DrivingEnvFactory.Training(config, new HashSet<(int, int)>(), new ConcurrentQueue<EpisodeRecord>());
        using var ppo = new Ppo<DictObservation>(envs, config.Ppo);
        ppo.TotalTimesteps = long.MaxValue;
        if (!json)
        {
            System.Console.WriteLine($"bench train: {config.Run.NumEnvs} envs × n_steps {config.Ppo.NSteps} = {config.RolloutSize:N0} steps per iteration, {config.Ppo.NEpochs} epochs of minibatch {config.Ppo.BatchSize}, {config.World.Town}, camera {config.Env.CameraWidth}×{config.Env.CameraHeight}, torch threads {threads}, {Environment.ProcessorCount} cores; 1 warm-up + {iterations} timed iterations.");
        }

        ppo.CollectRollout();
        ppo.Update();
        double rolloutSeconds = 0, updateSeconds = 0;
        double envSeconds = 0;
        var perIteration = new List<(double Rollout, double Env, double Update)>();
        for (int i = 0; i < iterations; i++)
        {
            long start = Stopwatch.GetTimestamp();
            ppo.CollectRollout();
            double rollout = Stopwatch.GetElapsedTime(start).TotalSeconds;
            start = Stopwatch.GetTimestamp();
            ppo.Update();
            double update = Stopwatch.GetElapsedTime(start).TotalSeconds;
            perIteration.Add((rollout, ppo.LastRolloutEnvSeconds, update));
            (rolloutSeconds, updateSeconds, envSeconds) = (rolloutSeconds + rollout, updateSeconds + update, envSeconds + ppo.LastRolloutEnvSeconds);
            if (!json)
            {
                System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  iteration {i + 1}: rollout {rollout:0.00} s ({config.RolloutSize / rollout:0} steps/s; envs {ppo.LastRolloutEnvSeconds:0.00} s, policy and buffer {rollout - ppo.LastRolloutEnvSeconds:0.00} s), update {update:0.00} s (bound {config.RolloutSize / update:0} steps/s), end-to-end {config.RolloutSize / (rollout + update):0} steps/s"));
            }
        }

        long steps = config.RolloutSize * iterations;
        double endToEnd = steps / (rolloutSeconds + updateSeconds), bound = steps / updateSeconds, rolloutRate = steps / rolloutSeconds;
        double samples = steps * (double)config.Ppo.NEpochs / updateSeconds;
        if (json)
        {
            System.Console.WriteLine(JsonSerializer.Serialize(new
            {
                num_envs = config.Run.NumEnvs, n_steps = config.Ppo.NSteps, n_epochs = config.Ppo.NEpochs, batch_size = config.Ppo.BatchSize, torch_threads = threads,
                cores = Environment.ProcessorCount, iterations, end_to_end_steps_per_second = endToEnd, learner_bound_steps_per_second = bound,
                ratio = endToEnd / bound, rollout_steps_per_second = rolloutRate, env_step_seconds = envSeconds, policy_and_buffer_seconds = rolloutSeconds - envSeconds,
                training_samples_per_second = samples,
                per_iteration = perIteration.Select(p => new { rollout_seconds = p.Rollout, env_step_seconds = p.Env, update_seconds = p.Update }),
            }, JsonOptions));
        }
        else
        {
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"end-to-end {endToEnd:0} env steps/s; learner bound {bound:0} env steps/s ({samples:0} training samples/s); end-to-end = {100 * endToEnd / bound:0.0}% of the bound; rollout alone {rolloutRate:0} steps/s."));
        }

        return 0;
    }
}
