using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs;

/// <summary>
/// Base class for envs: enforces Reset-before-Step (and no Step after an episode ended), owns the env's
/// <see cref="NpRandom"/> and a reusable <see cref="Info"/>, and leaves the task to
/// <see cref="OnReset"/> and <see cref="OnStep"/>.
/// </summary>
public abstract class Env<TObs, TAct> : IEnv<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    /// <summary>
    /// Seed of <see cref="NpRandom"/> until the first seeded reset. Gymnasium seeds from OS entropy instead; a fixed
    /// default keeps unseeded runs reproducible too (DESIGN.md §3.3).
    /// </summary>
    public const long DefaultSeed = 0;

    private bool _needsReset = true;
    private bool _hasBeenReset;

    protected Env()
    {
        NpRandom = new Rng(DefaultSeed);
    }

    public abstract Space<TObs> ObservationSpace { get; }

    public abstract Space<TAct> ActionSpace { get; }

    public virtual EnvSpec? Spec => null;

    /// <summary>True before the first reset and after an episode ended.</summary>
    public bool NeedsReset => _needsReset;

    protected bool IsDisposed { get; private set; }

    /// <summary>
    /// The env's random generator (Gymnasium's <c>np_random</c>): re-seeded only when <c>Reset</c> gets a seed,
    /// otherwise its stream continues across episodes. Its state is checkpointable through <see cref="Rng.GetState"/>.
    /// </summary>
    protected Rng NpRandom { get; }

    /// <summary>A reusable info, cleared before each <see cref="OnReset"/> and <see cref="OnStep"/>.</summary>
    protected Info Info { get; } = new();

    public ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (seed is long s)
        {
            NpRandom.Reseed(unchecked((ulong)s));
        }

        // Until OnReset succeeds the episode state is unknown, so an exception leaves the env needing a reset.
        _needsReset = true;
        Info.Clear();
        var result = OnReset(seed, options);
        _needsReset = false;
        _hasBeenReset = true;
        return result;
    }

    public StepResult<TObs> Step(TAct action)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        if (_needsReset)
        {
            throw _hasBeenReset ? ResetNeededException.AfterEpisodeEnd() : ResetNeededException.BeforeFirstReset();
        }

        _needsReset = true;
        Info.Clear();
        var result = OnStep(action);
        _needsReset = result.Terminated || result.Truncated;
        return result;
    }

    public void Dispose()
    {
        if (!IsDisposed)
        {
            Dispose(true);
            IsDisposed = true;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Starts an episode; <see cref="NpRandom"/> is already seeded when <paramref name="seed"/> is not null.</summary>
    protected abstract ResetResult<TObs> OnReset(long? seed, IReadOnlyDictionary<string, object>? options);

    protected abstract StepResult<TObs> OnStep(TAct action);

    protected virtual void Dispose(bool disposing)
    {
    }
}
