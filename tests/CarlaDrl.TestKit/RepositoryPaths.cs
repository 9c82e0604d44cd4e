namespace CarlaDrl.TestKit;

/// <summary>
/// Locates the repository and the shared data next to it. Both /work/main and every worktree sit beside
/// /work/shared, so the shared folder is always <c>&lt;repository root&gt;/../shared</c>; tests read data from there
/// instead of copying it into the repository.
/// </summary>
public static class RepositoryPaths
{
    private const string SolutionFile = "CarlaDrl.slnx";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The directory holding <c>CarlaDrl.slnx</c>, found by walking up from the test assembly.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The shared folder beside the repository (<c>&lt;root&gt;/../shared</c>).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The shared data folder (<c>&lt;root&gt;/../shared/data</c>).</summary>
    public static string SharedData => Path.Combine(Shared, "data");

    /// <summary>A file or folder under <see cref="SharedData"/>; fails with a message naming the path when it is missing.</summary>
    public static string SharedDataPath(params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        string path = Path.Combine([SharedData, .. parts]);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new FileNotFoundException(
                $"Shared test data '{path}' is missing. Tests expect the shared folder beside the repository root ({Root}/../shared).",
                path);
        }

        return path;
    }

    private static string FindRoot()
    {
        string start = AppContext.BaseDirectory;
        for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No directory containing {SolutionFile} above '{start}'. Run the tests from a CarlaDrl checkout (the repository root holds {SolutionFile}).");
    }
}
