using System.CommandLine;
using System.Runtime.InteropServices;
using CarlaDrl.Cli.Config;
using CarlaDrl.Cli.Training;
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
            Description = "embedded (default), or CARLA 0.8.4 servers, one per env: carla://host:port[,carla://host:port2,…] (sets world.servers; evaluations then need --set world.eval_server=carla://… or run.eval_episodes=0).",
        };
        var command = new Command("train", "Train a PPO driving agent (TorchSharp) on the embedded world or CARLA servers: TensorBoard events, CSV logs, checkpoints and evaluations under runs/<name>/.");
        foreach (Option option in new Option[] { config, set, name, resume, plain, world })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() => Run(result.GetValue(config) ?? [], [.. WorldAssignments(result.GetValue(world)), .. result.GetValue(set) ?? []], result.GetValue(name), result.GetValue(resume), result.GetValue(plain))));
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
            if (!Carla.Client.CarlaEndpoint.TryParse(server, out _))
            {
                throw new ConfigException($"{WorldSelector.UnknownWorld(server)} For several envs list one server each, comma-separated: carla://127.0.0.1:2000,carla://127.0.0.1:2010.");
            }
        }

        return [$"world.servers=[{string.Join(", ", servers.Select(s => $"\"{s}\""))}]"];
    }

    private static int Run(string[] files, string[] assignments, string? name, string? resume, bool plain)
    {
        TrainConfig config;
        string yaml, directory;
        string? checkpoint = null;
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
        try
        {
            using var run = new TrainingRun(config, directory, yaml, checkpoint, progress);
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
