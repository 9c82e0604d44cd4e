namespace CarlaDrl.Envs;

/// <summary>
/// <c>Step</c> was called before the first <c>Reset</c> or after the episode ended (Gymnasium's
/// <c>ResetNeeded</c> error of OrderEnforcing).
/// </summary>
public sealed class ResetNeededException : InvalidOperationException
{
    public ResetNeededException()
        : base("Step() cannot be called now: call Reset() first.")
    {
    }

    public ResetNeededException(string message)
        : base(message)
    {
    }

    public ResetNeededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static ResetNeededException BeforeFirstReset() =>
        new("Step() was called before Reset(): call Reset() first.");

    internal static ResetNeededException AfterEpisodeEnd() =>
        new("Step() was called after the episode ended (terminated or truncated): call Reset() first.");
}
