namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>OrderEnforcing</c> for envs that do not derive from <see cref="Env{TObs, TAct}"/>: throws
/// <see cref="ResetNeededException"/> on <c>Step</c> before the first <c>Reset</c> and, stricter than Gymnasium
/// (which only warns through its env checker), after an episode ended.
/// </summary>
public sealed class OrderEnforcing<TObs, TAct> : Wrapper<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    private bool _hasBeenReset;
    private bool _needsReset = true;

    public OrderEnforcing(IEnv<TObs, TAct> env)
        : base(env)
    {
    }

    public bool NeedsReset => _needsReset;

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        _needsReset = true;
        var result = Env.Reset(seed, options);
        _needsReset = false;
        _hasBeenReset = true;
        return result;
    }

    public override StepResult<TObs> Step(TAct action)
    {
        if (_needsReset)
        {
            throw _hasBeenReset ? ResetNeededException.AfterEpisodeEnd() : ResetNeededException.BeforeFirstReset();
        }

        _needsReset = true;
        var result = Env.Step(action);
        _needsReset = result.Terminated || result.Truncated;
        return result;
    }
}
