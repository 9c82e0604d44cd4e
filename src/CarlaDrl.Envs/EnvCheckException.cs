namespace CarlaDrl.Envs;

/// <summary>Thrown by <see cref="EnvChecker"/> when checks fail; the message lists every failure.</summary>
public sealed class EnvCheckException : Exception
{
    public EnvCheckException()
    {
    }

    public EnvCheckException(string message)
        : base(message)
    {
    }

    public EnvCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EnvCheckException(IReadOnlyList<string> failures, EnvCheckReport report)
        : base(FormatMessage(failures))
    {
        Failures = failures;
        Report = report;
    }

    /// <summary>One line per failed check, starting with the check's name, e.g. <c>reset-determinism: ...</c>.</summary>
    public IReadOnlyList<string> Failures { get; } = [];

    /// <summary>The checks that passed and the warnings, when thrown by <see cref="EnvChecker"/>.</summary>
    public EnvCheckReport? Report { get; }

    private static string FormatMessage(IReadOnlyList<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        return $"The env failed {failures.Count} check(s):" + string.Concat(failures.Select(f => Environment.NewLine + "  " + f));
    }
}
