using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>Wrapper</c>: forwards everything to <see cref="Env"/>; subclasses override what they change.
/// A wrapper owns its inner env: disposing the wrapper disposes it (Gymnasium's <c>close</c> does the same).
/// </summary>
public abstract class Wrapper<TObs, TAct> : IEnv<TObs, TAct>, IUnwrappable
    where TObs : notnull
    where TAct : notnull
{
    private bool _disposed;

    protected Wrapper(IEnv<TObs, TAct> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        Env = env;
    }

    /// <summary>The wrapped env.</summary>
    public IEnv<TObs, TAct> Env { get; }

    /// <summary>The innermost env under every wrapper (typed <c>object</c> because wrappers may change the env's type arguments).</summary>
    public object Unwrapped => Env is IUnwrappable wrapper ? wrapper.Unwrapped : Env;

    public virtual Space<TObs> ObservationSpace => Env.ObservationSpace;

    public virtual Space<TAct> ActionSpace => Env.ActionSpace;

    public virtual EnvSpec? Spec => Env.Spec;

    public virtual ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null) =>
        Env.Reset(seed, options);

    public virtual StepResult<TObs> Step(TAct action) => Env.Step(action);

    public override string ToString() => $"{TypeNames.Of(GetType())}({Env})";

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Dispose(true);
        }

        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Env.Dispose();
        }
    }
}
