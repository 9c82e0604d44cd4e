namespace CarlaDrl.Cli.Tests;

/// <summary>Reads a run directory's metrics.csv for comparisons between runs.</summary>
internal static class RunCurves
{
    /// <summary>Every learning, episode and evaluation value of a run, as "step key value", except wall-clock rates (time/*, charts/*) and memory (system/*).</summary>
    public static string[] Curve(string run) => [.. File.ReadAllLines(Path.Combine(run, "metrics.csv")).Skip(1)
        .Select(line => line.Split(','))
        .Where(cells => !cells[2].StartsWith("time/", StringComparison.Ordinal) && !cells[2].StartsWith("charts/", StringComparison.Ordinal) && !cells[2].StartsWith("system/", StringComparison.Ordinal))
        .Select(cells => $"{cells[1]} {cells[2]} {cells[3]}")];
}
