using CarlaDrl.Cli.Config;
using CarlaDrl.Learning.Checkpoints;
using YamlDotNet.Serialization;

namespace CarlaDrl.Cli.Training;

/// <summary>Builds a run's <see cref="ConfigTree"/> from files and --set overrides, and finds what to resume.</summary>
internal static class RunConfigLoader
{
    /// <summary>Merges the files in order, then the assignments; returns the tree and its YAML (the run's config.yaml).</summary>
    public static (ConfigTree Tree, TrainConfig Config, string Yaml) Load(IEnumerable<string> files, IEnumerable<string> assignments)
    {
        var tree = new ConfigTree();
        foreach (string file in files)
        {
            tree.MergeFile(file);
        }

        foreach (string assignment in assignments)
        {
            tree.Set(assignment);
        }

        return (tree, TrainConfig.From(tree), ToYaml(tree));
    }

    /// <summary>The config a checkpoint was trained with (its config.yaml attachment), with overrides.</summary>
    public static (TrainConfig Config, string Yaml) FromCheckpoint(string checkpoint, IEnumerable<string> assignments)
    {
        if (!File.Exists(checkpoint))
        {
            throw new ConfigException($"Checkpoint '{checkpoint}' not found; pass a .zip from a run's checkpoints/ folder (e.g. runs/ppo_town01/checkpoints/best.zip).");
        }

        var attachments = PpoCheckpoint.ReadAttachments(checkpoint);
        if (!attachments.TryGetValue(TrainingRun.ConfigAttachment, out byte[]? yaml))
        {
            throw new ConfigException($"Checkpoint '{checkpoint}' holds no run config ({TrainingRun.ConfigAttachment}); it was not written by carla-drl train.");
        }

        string path = Path.Combine(Path.GetTempPath(), $"carla-drl-config-{Environment.ProcessId}-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllBytes(path, yaml);
            (_, TrainConfig config, string text) = Load([path], assignments);
            return (config, text);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// For <c>--resume</c>: a run directory (its newest periodic or interrupt checkpoint) or a checkpoint file inside
    /// a run's <c>checkpoints/</c> folder. Returns the run directory and the checkpoint.
    /// </summary>
    public static (string RunDirectory, string Checkpoint) ResolveResume(string target)
    {
        if (File.Exists(target))
        {
            string checkpoints = Path.GetDirectoryName(Path.GetFullPath(target))!;
            string run = Path.GetDirectoryName(checkpoints)!;
            return File.Exists(Path.Combine(run, TrainingRun.ConfigFile))
                ? (run, Path.GetFullPath(target))
                : throw new ConfigException($"--resume {target}: no {TrainingRun.ConfigFile} in {run}; a checkpoint to resume must sit in <run>/checkpoints/.");
        }

        if (!Directory.Exists(target))
        {
            throw new ConfigException($"--resume {target}: no such run directory or checkpoint file.");
        }

        if (!File.Exists(Path.Combine(target, TrainingRun.ConfigFile)))
        {
            throw new ConfigException($"--resume {target}: not a run directory (no {TrainingRun.ConfigFile}).");
        }

        string? latest = new CheckpointManager(Path.Combine(target, "checkpoints")).Latest();
        return latest is not null
            ? (Path.GetFullPath(target), latest)
            : throw new ConfigException($"--resume {target}: the run has no checkpoint yet (checkpoints/checkpoint_*.zip); start it again without --resume.");
    }

    public static string ToYaml(ConfigTree tree) =>
        "# carla-drl train config: the files and --set overrides of this run, merged (defaults apply to absent keys).\n"
        + new SerializerBuilder().Build().Serialize(tree.Root);
}
