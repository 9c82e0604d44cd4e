namespace CarlaDrl.Cli.Commands;

/// <summary>The log of a long-running server command: timestamped lines; with --quiet only errors and warnings.</summary>
internal static class ServerLog
{
    public static Action<string> Create(bool quiet) => line =>
    {
        if (!quiet || line.StartsWith("error", StringComparison.Ordinal) || line.StartsWith("warning", StringComparison.Ordinal))
        {
            System.Console.WriteLine($"[{DateTime.Now:HH:mm:ss.fff}] {line}");
        }
    };
}
