using System.CommandLine;
using System.Runtime.InteropServices;
using CarlaDrl.Cli.Config;
using CarlaDrl.Cli.Training;
using CarlaDrl.Cli.Viewer;
using Spectre.Console;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl train</c>: trains a PPO driving agent on the embedded world (see <see cref="TrainingRun"/> for what
/// a run directory holds). Exit codes: 0 finished, 130 interrupted (checkpoint saved), 2 bad config or arguments.
/// </summary>
internal static class TrainCommand
{
    public const int Interrupted = 130;

    public static Command Create()
    {
        var config = new Option<string[]>("--config") { Description = "YAML config file(s), merged in order over the built-in defaults (e.g. configs/ppo_town01.yaml).", AllowMultipleArgumentsPerToken = false };
        var set = new Option<string[]>("--set") { Description = "Override one key, e.g. --set ppo.learning_rate=1e-4 --set run.num_envs=8 (repeatable; applied after the files)." };
        var name = new Option<string?>("--name") { Description = "Run name (directory runs/<name>); default run.name, numbered _2, _3, … when taken." };
        var resume = new Option<string?>("--resume") { Description = "Continue a run: its directory (newest checkpoint) or one of its checkpoint files. Takes its config.yaml; --set may change e.g. run.total_timesteps." };
        var plain = new Option<bool>("--plain") { Description = "Plain progress lines even on a terminal." };
        var world = new Option<string?>("--world")
        {
            Description = "embedded (default), or remote worlds, one per env: CARLA 0.8.4 servers carla://host:port[,…] or bridge workers zmq://host:port[,…] (sets world.servers; evaluations then need --set world.eval_server=… or run.eval_episodes=0).",
        };
        var protocol = new Option<string>("--protocol") { Description = "With --world zmq://…: native (carla-drl bridge workers, the default) or seed (the original system's carla_zmq_client.py streams, observations on that port and actions on port+1; docs/bridge-seed.md).", DefaultValueFactory = _ => "native" };
        var workers = new Option<int>("--workers") { Description = "Run each env's embedded world in its own local bridge worker process (carla-drl bridge), N = run.num_envs, plus one for evaluations; a worker that dies is restarted and its env rejoins." };
        var view = new Option<bool>("--view") { Description = "Open the real-time viewer (env 0's camera, the bird's-eye map, reward terms, action, SPS); keys q close it, p pause, s screenshot. Without a display it says so and trains headless." };
        var recordEvery = new Option<long?>("--record-every") { Description = "Record one evaluation episode (the first held-out route) as a video into runs/<name>/videos/ every N steps and at the end (sets run.record_every)." };
        var command = new Command("train", "Train a PPO driving agent (TorchSharp) on the embedded world, CARLA servers or bridge workers: TensorBoard events, CSV logs, checkpoints and evaluations under runs/<name>/.");
        foreach (Option option in new Option[] { config, set, name, resume, plain, world, workers, protocol, view, recordEvery })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            int count = result.GetValue(workers);
            if (count < 0 || count > 64 || (count > 0 && result.GetValue(world) is not null))
            {
                throw new ConfigException(count is < 0 or > 64 ? $"--workers {count} is out of range; allowed: 1..64." : "--workers starts its own bridge workers; drop --world (or drop --workers and list zmq:// workers in --world).");
            }

            string? worlds = result.GetValue(world);
            string mode = (result.GetValue(protocol) ?? "native").Trim().ToLowerInvariant();
            if (mode == "seed")
            {
                worlds = worlds is null || WorldSelector.IsEmbedded(worlds)
                    ? throw new ConfigException("--protocol seed needs --world zmq://host:port[,…]: the seed clients' observation ports (each also takes actions on port+1).")
                    : string.Join(",", worlds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(RemoteWorlds.AsSeed));
            }
            else if (mode != "native")
            {
                throw new ConfigException($"--protocol '{mode}' is unknown; allowed: native, seed.");
            }

            long? every = result.GetValue(recordEvery);
            string[] assignments = [.. WorldAssignments(worlds), .. result.GetValue(set) ?? [], .. count > 0 ? new[] { $"run.num_envs={count}" } : [], .. every is long n ? new[] { $"run.record_every={n}" } : []];
            return Run(result.GetValue(config) ?? [], assignments, result.GetValue(name), result.GetValue(resume), result.GetValue(plain), count, result.GetValue(view));
        }));
        return command;
    }

    /// <summary><c>--world</c> as config assignments: <c>world.servers</c> (applied before any --set).</summary>
    internal static string[] WorldAssignments(string? world)
    {
        if (world is null)
        {
            return [];
        }

        if (WorldSelector.IsEmbedded(world))
        {
            return ["world.servers=[]"];
        }

        string[] servers = world.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string server in servers)
        {
            if (!RemoteWorlds.IsValid(server))
            {
                throw new ConfigException($"{WorldSelector.UnknownWorld(server)} For several envs list one world each, comma-separated: carla://127.0.0.1:2000,carla://127.0.0.1:2010 or zmq://127.0.0.1:5555,zmq://127.0.0.1:5565.");
            }
        }

        return [$"world.servers=[{string.Join(", ", servers.Select(s => $"\"{s}\""))}]"];
    }

    private static int Run(string[] files, string[] assignments, string? name, string? resume, bool plain, int workers, bool view)
    {
        TrainConfig config;
        string yaml, directory;
        string? checkpoint = null;
        ConfigTree? fresh = null;
        if (resume is not null)
        {
            if (files.Length > 0 || name is not null)
            {
                throw new ConfigException("--resume takes the run's own config.yaml and name; drop --config/--name (use --set to change a key, e.g. --set run.total_timesteps=1000000).");
            }

            (directory, checkpoint) = RunConfigLoader.ResolveResume(resume);
            (_, config, yaml) = RunConfigLoader.Load([Path.Combine(directory, TrainingRun.ConfigFile)], assignments);
        }
        else
        {
            (var tree, config, _) = RunConfigLoader.Load(files, assignments);
            if (name is not null)
            {
                tree.Set($"run.name={name}");
                config = TrainConfig.From(tree);
            }

            directory = Path.Combine(config.Run.RunsDir, config.Run.Name);
            if (IsUsed(directory))
            {
                if (name is not null)
                {
                    throw new ConfigException($"Run directory {directory} already holds a run; continue it with --resume {directory}, or pick another --name.");
                }

                int n = 2;
                while (IsUsed($"{directory}_{n}"))
                {
                    n++;
                }

                tree.Set($"run.name={config.Run.Name}_{n}");
                config = TrainConfig.From(tree);
                directory = Path.Combine(config.Run.RunsDir, config.Run.Name);
            }

            yaml = RunConfigLoader.ToYaml(tree);
            fresh = tree;
        }

        using BridgeWorkers? pool = workers > 0
            ? BridgeWorkers.Start(workers, config.Run.EvalEpisodes > 0, config, Path.Combine(directory, "workers"), message => System.Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}"))
            : null;
        if (pool is not null)
        {
            string[] addresses = [$"world.servers=[{string.Join(", ", pool.Training.Select(s => $"\"{s}\""))}]", .. pool.Evaluation is string e ? new[] { $"world.eval_server={e}" } : []];
            if (fresh is not null)
            {
                foreach (string assignment in addresses)
                {
                    fresh.Set(assignment);
                }

                config = TrainConfig.From(fresh);
                yaml = RunConfigLoader.ToYaml(fresh);
            }
            else
            {
                (_, config, yaml) = RunConfigLoader.Load([Path.Combine(directory, TrainingRun.ConfigFile)], [.. assignments, .. addresses]);
            }
        }

        bool interactive = !plain && AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected;
        ITrainingProgress progress = interactive ? new LiveTrainingProgress($"carla-drl train {config.Run.Name}") : new PlainTrainingProgress(System.Console.Out, config.Run.LogEverySeconds);
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            if (cancel.IsCancellationRequested)
            {
                return; // a second Ctrl+C ends the process at once
            }

            e.Cancel = true;
            System.Console.Error.WriteLine("Stopping: finishing the current step, then saving a checkpoint (Ctrl+C again to quit without one)…");
            cancel.Cancel();
        };
        System.Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            System.Console.Error.WriteLine("SIGTERM: saving a checkpoint before exit…");
            cancel.Cancel();
        });
        using LiveViewer? viewer = view ? LiveViewer.TryOpen(Path.Combine(Path.GetFullPath(directory), "screenshots"), message => System.Console.Error.WriteLine(message)) : null;
        using CancellationTokenRegistration closeOnCancel = cancel.Token.Register(() => viewer?.Close()); // a paused viewer must not hold the stop
        try
        {
            using var run = new TrainingRun(config, directory, yaml, checkpoint, progress, viewer);
            bool completed = progress is LiveTrainingProgress live ? live.Run(() => run.Train(cancel.Token)) : run.Train(cancel.Token);
            if (progress is LiveTrainingProgress)
            {
                System.Console.WriteLine(completed ? $"Finished: {run.Directory}" : $"Interrupted; checkpoint saved. Continue with: carla-drl train --resume {run.Directory}");
            }

            return completed ? 0 : Interrupted;
        }
        finally
        {
            System.Console.CancelKeyPress -= onCancel;
        }
    }

    private static bool IsUsed(string directory) =>
        Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any();
}
