using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Vector;

/// <summary>
/// Gymnasium's <c>SyncVectorEnv</c>: steps the envs one after another on the caller's thread. The reference
/// for <see cref="ThreadedVectorEnv{TObs, TAct}"/>, and the faster choice when steps are cheap.
/// </summary>
public sealed class SyncVectorEnv<TObs, TAct> : IVectorEnv<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    private readonly IEnv<TObs, TAct>[] _envs;
    private readonly AutoResetSlot<TObs, TAct>[] _slots;
    private readonly VectorBuffers<TObs> _buffers;
    private bool _needsReset = true;
    private bool _disposed;

    /// <summary>Creates one env per factory, on the caller's thread.</summary>
    public SyncVectorEnv(IReadOnlyList<Func<IEnv<TObs, TAct>>> envFactories)
    {
        VectorEnvGuards.RequireFactories(envFactories);
        _envs = new IEnv<TObs, TAct>[envFactories.Count];
        try
        {
            for (int i = 0; i < _envs.Length; i++)
            {
                try
                {
                    _envs[i] = envFactories[i]() ?? throw new InvalidOperationException("The factory returned null.");
                }
                catch (Exception ex)
                {
                    throw new VectorEnvException(i, "creation", ex);
                }
            }

            VectorEnvGuards.RequireSameSpaces(_envs);
        }
        catch
        {
            foreach (var env in _envs)
            {
                env?.Dispose();
            }

            throw;
        }

        _slots = [.. _envs.Select((env, i) => new AutoResetSlot<TObs, TAct>(i, env))];
        _buffers = new VectorBuffers<TObs>(_envs.Length);
        Envs = Array.AsReadOnly(_envs);
    }

    public int NumEnvs => _envs.Length;

    /// <summary>The sub-envs (Gymnasium's <c>envs</c>), e.g. to reach a wrapper's statistics.</summary>
    public IReadOnlyList<IEnv<TObs, TAct>> Envs { get; }

    public Space<TObs> SingleObservationSpace => _envs[0].ObservationSpace;

    public Space<TAct> SingleActionSpace => _envs[0].ActionSpace;

    public VectorResetResult<TObs> Reset(long? seed = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _needsReset = true;
        for (int i = 0; i < _slots.Length; i++)
        {
            try
            {
                _slots[i].Reset(VectorEnvGuards.SeedFor(seed, i), _buffers);
            }
            catch (Exception ex)
            {
                throw new VectorEnvException(i, "Reset", ex);
            }
        }

        _needsReset = false;
        return _buffers.ResetResult;
    }

    /// <summary>Steps every env; after a failure (a <see cref="VectorEnvException"/>) call Reset before stepping again.</summary>
    public VectorStepResult<TObs> Step(ReadOnlySpan<TAct> actions)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (actions.Length != _slots.Length)
        {
            throw new ArgumentException(VectorEnvGuards.WrongActionCount(actions.Length, _slots.Length), nameof(actions));
        }

        if (_needsReset)
        {
            throw new ResetNeededException("Step() was called before Reset() or after a sub-env failed: call Reset() first.");
        }

        for (int i = 0; i < _slots.Length; i++)
        {
            try
            {
                _slots[i].Step(actions[i], _buffers);
            }
            catch (Exception ex)
            {
                _needsReset = true;
                throw new VectorEnvException(i, "Step", ex);
            }
        }

        return _buffers.StepResult;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var env in _envs)
        {
            env.Dispose();
        }
    }
}
