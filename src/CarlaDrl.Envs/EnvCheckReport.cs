namespace CarlaDrl.Envs;

/// <summary>What <see cref="EnvChecker"/> verified and what it advises (warnings do not fail the check).</summary>
public sealed class EnvCheckReport
{
    public EnvCheckReport(IReadOnlyList<string> passedChecks, IReadOnlyList<string> warnings)
    {
        ArgumentNullException.ThrowIfNull(passedChecks);
        ArgumentNullException.ThrowIfNull(warnings);
        PassedChecks = passedChecks;
        Warnings = warnings;
    }

    /// <summary>Names of the checks that passed, e.g. <c>reset-determinism</c>.</summary>
    public IReadOnlyList<string> PassedChecks { get; }

    public IReadOnlyList<string> Warnings { get; }

    public override string ToString() =>
        $"{PassedChecks.Count} checks passed ({string.Join(", ", PassedChecks)}); {Warnings.Count} warnings"
        + string.Concat(Warnings.Select(w => Environment.NewLine + "  warning: " + w));
}
