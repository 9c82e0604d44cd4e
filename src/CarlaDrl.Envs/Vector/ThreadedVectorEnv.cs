using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Vector;

/// <summary>
/// A vector env with one dedicated worker thread per env: each env is created, stepped, reset and disposed on
/// its own thread (so envs with thread affinity, such as socket clients, work), and all envs step in parallel.
/// The caller's thread hands out a command with one <see cref="ManualResetEventSlim"/> per worker and waits on a
/// <see cref="CountdownEvent"/>; both spin briefly before blocking, which suits millisecond steps. A worker's
/// exception is rethrown to the caller as a <see cref="VectorEnvException"/> naming the env. Results equal
/// <see cref="SyncVectorEnv{TObs, TAct}"/>'s for the same seeds and actions.
/// </summary>
public sealed class ThreadedVectorEnv<TObs, TAct> : IVectorEnv<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    /// <summary>How long <see cref="Dispose"/> waits for each worker to dispose its env and exit.</summary>
    public static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(30);

    private readonly Thread[] _threads;
    private readonly ManualResetEventSlim[] _go;
    private readonly CountdownEvent _done;
    private readonly Exception?[] _errors;
    private readonly AutoResetSlot<TObs, TAct>[] _slots;
    private readonly VectorBuffers<TObs> _buffers;
    private readonly TAct[] _actions;
    private Command _command;
    private long? _seed;
    private bool _needsReset = true;
    private bool _disposed;

    /// <summary>Starts one worker per factory; each worker calls its factory on its own thread.</summary>
    public ThreadedVectorEnv(IReadOnlyList<Func<IEnv<TObs, TAct>>> envFactories)
    {
        VectorEnvGuards.RequireFactories(envFactories);
        int n = envFactories.Count;
        _threads = new Thread[n];
        _go = new ManualResetEventSlim[n];
        _errors = new Exception?[n];
        _slots = new AutoResetSlot<TObs, TAct>[n];
        _buffers = new VectorBuffers<TObs>(n);
        _actions = new TAct[n];
        _done = new CountdownEvent(n);
        for (int i = 0; i < n; i++)
        {
            _go[i] = new ManualResetEventSlim(false);
            int index = i;
            var factory = envFactories[i];
            _threads[i] = new Thread(() => RunWorker(index, factory))
            {
                IsBackground = true,
                Name = $"ThreadedVectorEnv worker {i}",
            };
        }

        foreach (var thread in _threads)
        {
            thread.Start();
        }

        _done.Wait();
        try
        {
            ThrowIfAnyFailed("creation");
            VectorEnvGuards.RequireSameSpaces(_slots.Select(s => s.Env).ToArray());
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private enum Command
    {
        Reset,
        Step,
        Stop,
    }

    public int NumEnvs => _slots.Length;

    public Space<TObs> SingleObservationSpace => _slots[0].Env.ObservationSpace;

    public Space<TAct> SingleActionSpace => _slots[0].Env.ActionSpace;

    public VectorResetResult<TObs> Reset(long? seed = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _needsReset = true;
        _seed = seed;
        RunOnWorkers(Command.Reset);
        ThrowIfAnyFailed(nameof(Reset));
        _needsReset = false;
        return _buffers.ResetResult;
    }

    /// <summary>Steps every env in parallel; after a failure (a <see cref="VectorEnvException"/>) call Reset before stepping again.</summary>
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

        actions.CopyTo(_actions);
        RunOnWorkers(Command.Step);
        Array.Clear(_actions);
        _needsReset = true;
        ThrowIfAnyFailed(nameof(Step));
        _needsReset = false;
        return _buffers.StepResult;
    }

    /// <summary>Stops the workers; each disposes its env on its own thread. Throws when a worker does not exit in time.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _command = Command.Stop;
        for (int i = 0; i < _threads.Length; i++)
        {
            if (_threads[i].IsAlive)
            {
                _go[i].Set();
            }
        }

        for (int i = 0; i < _threads.Length; i++)
        {
            if (_threads[i].IsAlive && !_threads[i].Join(DisposeTimeout))
            {
                // The worker still uses the events, so they are left to the finalizer rather than disposed under it.
                throw new TimeoutException($"Worker of env {i} did not exit within {DisposeTimeout.TotalSeconds} s (its env is stuck in a call).");
            }
        }

        foreach (var go in _go)
        {
            go.Dispose();
        }

        _done.Dispose();
        ThrowIfAnyFailed(nameof(Dispose));
    }

    private void RunOnWorkers(Command command)
    {
        _command = command;
        _done.Reset(_slots.Length);
        foreach (var go in _go)
        {
            go.Set();
        }

        _done.Wait();
    }

    private void ThrowIfAnyFailed(string operation)
    {
        int first = Array.FindIndex(_errors, e => e is not null);
        if (first < 0)
        {
            return;
        }

        var error = _errors[first]!;
        Array.Clear(_errors);
        throw new VectorEnvException(first, operation, error);
    }

    private void RunWorker(int index, Func<IEnv<TObs, TAct>> factory)
    {
        try
        {
            _slots[index] = new AutoResetSlot<TObs, TAct>(index, factory());
        }
        catch (Exception ex)
        {
            _errors[index] = ex;
        }

        _done.Signal();
        while (true)
        {
            _go[index].Wait();
            _go[index].Reset();
            var command = _command;
            if (command == Command.Stop)
            {
                break;
            }

            try
            {
                if (command == Command.Reset)
                {
                    _slots[index].Reset(VectorEnvGuards.SeedFor(_seed, index), _buffers);
                }
                else
                {
                    _slots[index].Step(_actions[index], _buffers);
                }
            }
            catch (Exception ex)
            {
                _errors[index] = ex;
            }
            finally
            {
                _done.Signal();
            }
        }

        try
        {
            _slots[index]?.Env.Dispose();
        }
        catch (Exception ex)
        {
            _errors[index] = ex;
        }
    }
}
