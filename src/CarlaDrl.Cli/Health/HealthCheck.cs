namespace CarlaDrl.Cli.Health;

/// <summary>How a check came out: <see cref="Ok"/>, <see cref="Warning"/> (works, but look), <see cref="Failed"/>.</summary>
internal enum HealthStatus
{
    Ok,
    Warning,
    Failed,
}

/// <summary>One line of <c>carla-drl health</c>: what was checked, what was found, and what to do when it is not ok.</summary>
internal sealed record HealthCheck(string Name, HealthStatus Status, string Detail, string? Remedy = null, bool Required = true)
{
    public static HealthCheck Ok(string name, string detail, bool required = true) => new(name, HealthStatus.Ok, detail, null, required);

    public static HealthCheck Warn(string name, string detail, string remedy) => new(name, HealthStatus.Warning, detail, remedy, Required: false);

    public static HealthCheck Fail(string name, string detail, string remedy, bool required = true) => new(name, required ? HealthStatus.Failed : HealthStatus.Warning, detail, remedy, required);

    /// <summary>True when this check makes the whole health check fail.</summary>
    public bool FailsRun => Required && Status == HealthStatus.Failed;

    public string Symbol => Status switch { HealthStatus.Ok => "✅", HealthStatus.Warning => "⚠️", _ => "❌" };

    public override string ToString() => $"{Symbol} {Name}: {Detail}{(Remedy is null ? "" : $" — {Remedy}")}";
}
