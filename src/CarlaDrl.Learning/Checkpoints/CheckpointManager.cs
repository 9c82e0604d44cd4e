using System.Globalization;
using CarlaDrl.Learning.Algorithms;

namespace CarlaDrl.Learning.Checkpoints;

/// <summary>
/// Periodic checkpoints in one directory, named <c>{prefix}_{timesteps:D12}.zip</c> so they sort by progress, keeping
/// the last <see cref="KeepLast"/>. Files with other names (e.g. a final or interrupt checkpoint) are never pruned.
/// </summary>
public sealed class CheckpointManager
{
    public CheckpointManager(string directory, int keepLast = 5, string prefix = "checkpoint")
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keepLast);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        Directory = Path.GetFullPath(directory);
        KeepLast = keepLast;
        Prefix = prefix;
    }

    public string Directory { get; }

    public int KeepLast { get; }

    public string Prefix { get; }

    public string PathFor(long timesteps) =>
        Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{Prefix}_{timesteps:D12}.zip"));

    /// <summary>Saves <paramref name="ppo"/> under its timestep count, prunes old checkpoints, returns the path.</summary>
    public string Save<TObs>(Ppo<TObs> ppo)
        where TObs : notnull
    {
        ArgumentNullException.ThrowIfNull(ppo);
        string path = PathFor(ppo.NumTimesteps);
        ppo.Save(path);
        Prune();
        return path;
    }

    /// <summary>This manager's checkpoints, oldest first.</summary>
    public IReadOnlyList<string> List()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(Directory, Prefix + "_*.zip")
            .Select(path => (Path: path, Steps: ParseSteps(path)))
            .Where(p => p.Steps is not null)
            .OrderBy(p => p.Steps)
            .Select(p => p.Path)];
    }

    /// <summary>The newest checkpoint, or null when there is none.</summary>
    public string? Latest() => List() is { Count: > 0 } all ? all[^1] : null;

    public void Prune()
    {
        var all = List();
        for (int i = 0; i < all.Count - KeepLast; i++)
        {
            File.Delete(all[i]);
        }
    }

    private long? ParseSteps(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return long.TryParse(name.AsSpan(Prefix.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out long steps) ? steps : null;
    }
}
