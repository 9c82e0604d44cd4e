using System.Diagnostics;

namespace CarlaDrl.TestKit;

/// <summary>What <see cref="ChildProcess"/> and <see cref="BackgroundProcess"/> share: where the CLI is and how a child starts.</summary>
internal static class ProcessLaunch
{
    /// <summary>The <c>carla-drl</c> CLI built next to the calling test assembly.</summary>
    public static string CliDll()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "carla-drl.dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"carla-drl.dll is not next to the test assembly ({AppContext.BaseDirectory}); reference src/CarlaDrl.Cli from the test project.", dll);
    }

    /// <summary>Redirected output (and optionally input), no shell, English CLI messages.</summary>
    public static ProcessStartInfo StartInfo(string fileName, IEnumerable<string> arguments, string? workingDirectory, bool redirectInput)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        return info;
    }
}
