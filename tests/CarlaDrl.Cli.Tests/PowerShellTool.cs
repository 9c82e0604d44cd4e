using System.Text.Json;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary>
/// PowerShell 7 for the start.ps1 tests: the local .NET tool pinned in .config/dotnet-tools.json (scripts/setup.sh
/// restores it) run straight from the NuGet package folder, else a pwsh on PATH. Not through <c>dotnet tool run</c>:
/// that starts pwsh under two launcher processes, so a SIGTERM sent to it would never reach the script.
/// </summary>
internal static class PowerShellTool
{
    private static readonly Lazy<string[]?> LazyCommand = new(Find);

    /// <summary>The command (file and leading arguments) that runs pwsh; null when there is none.</summary>
    public static string[]? Command => LazyCommand.Value;

    public static string Missing => "PowerShell 7 is not here: run scripts/setup.sh (it runs dotnet tool restore for .config/dotnet-tools.json), or put pwsh on PATH.";

    private static string[]? Find()
    {
        string manifest = Path.Combine(RepositoryPaths.Root, ".config", "dotnet-tools.json");
        using (JsonDocument tools = JsonDocument.Parse(File.ReadAllText(manifest)))
        {
            string version = tools.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString()!;
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
                ? custom
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string folder = Path.Combine(packages, "powershell", version, "tools");
            string? dll = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "pwsh.dll", SearchOption.AllDirectories).FirstOrDefault(f => f.Contains(OperatingSystem.IsWindows() ? "win" : "unix", StringComparison.Ordinal))
                : null;
            if (dll is not null)
            {
                return ["dotnet", dll];
            }
        }

        string? path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh"))
            .FirstOrDefault(File.Exists);
        return path is null ? null : [path];
    }
}
