namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>TimeLimit</c>: after <see cref="MaxEpisodeSteps"/> steps the episode is truncated. As in
/// Gymnasium the flag is set even when the same step also terminated (learners give Terminated precedence);
/// info <see cref="InfoKeys.TimeLimitTruncated"/> is set only when the limit alone ended the episode
/// (SB3's <c>truncated and not terminated</c>). Because the inner env does not know its episode ended,
/// this wrapper itself refuses a Step past the limit with <see cref="ResetNeededException"/>.
/// </summary>
public sealed class TimeLimit<TObs, TAct> : Wrapper<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    // One shared box, so marking a truncation allocates nothing.
    private static readonly object BoxedTrue = true;

    private readonly EnvSpec? _spec;

    /// <param name="env">The env to limit.</param>
    /// <param name="maxEpisodeSteps">The limit; null takes <c>env.Spec.MaxEpisodeSteps</c>.</param>
    public TimeLimit(IEnv<TObs, TAct> env, int? maxEpisodeSteps = null)
        : base(env)
    {
        int steps = maxEpisodeSteps ?? env.Spec?.MaxEpisodeSteps
            ?? throw new ArgumentException("TimeLimit needs maxEpisodeSteps when the env's Spec has no MaxEpisodeSteps.", nameof(maxEpisodeSteps));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps, nameof(maxEpisodeSteps));
        MaxEpisodeSteps = steps;
        _spec = env.Spec is { } spec ? new EnvSpec(spec.Id, steps) : null;
    }

    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken since the last reset.</summary>
    public int ElapsedSteps { get; private set; }

    public override EnvSpec? Spec => _spec;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ElapsedSteps = 0;
        return Env.Reset(seed, options);
    }

    public override StepResult<TObs> Step(TAct action)
    {
        if (ElapsedSteps >= MaxEpisodeSteps)
        {
            throw ResetNeededException.AfterEpisodeEnd();
        }

        var result = Env.Step(action);
        ElapsedSteps++;
        if (ElapsedSteps < MaxEpisodeSteps)
        {
            return result;
        }

        if (!result.Terminated)
        {
            result.Info.Set(InfoKeys.TimeLimitTruncated, BoxedTrue);
        }

        return result with { Truncated = true };
    }
}
