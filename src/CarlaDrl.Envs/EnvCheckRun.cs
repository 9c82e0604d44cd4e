namespace CarlaDrl.Envs;

/// <summary>Collects the outcome of each named check of one <see cref="EnvChecker"/> run.</summary>
internal sealed class EnvCheckRun
{
    private readonly List<string> _passed = [];
    private readonly List<string> _failures = [];
    private readonly List<string> _warnings = [];

    public void Warn(string message) => _warnings.Add(message);

    /// <summary>
    /// Runs one check: it passes when <paramref name="check"/> returns null, fails with the returned message
    /// otherwise, and fails naming the exception when it throws, so one broken check never hides the others.
    /// </summary>
    public bool Run(string name, Func<string?> check)
    {
        string? failure;
        try
        {
            failure = check();
        }
        catch (Exception ex)
        {
            failure = $"threw {ex.GetType().Name}: {ex.Message}";
        }

        if (failure is null)
        {
            _passed.Add(name);
            return true;
        }

        _failures.Add($"{name}: {failure}");
        return false;
    }

    public EnvCheckReport Finish()
    {
        var report = new EnvCheckReport(_passed.ToArray(), _warnings.ToArray());
        if (_failures.Count > 0)
        {
            throw new EnvCheckException(_failures.ToArray(), report);
        }

        return report;
    }
}
