using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Tests.Fakes;

/// <summary>
/// An env written against <see cref="IEnv{TObs, TAct}"/> directly (no <see cref="Env{TObs, TAct}"/> base), correct
/// except for one chosen <see cref="Flaw"/>. Observation: a Box [2] in [0, 10]; episodes last 4 steps.
/// </summary>
public sealed class FlawedEnv : IEnv<NDArray<float>, NDArray<float>>
{
    public const int EpisodeLength = 4;

    // Shared across instances on purpose: the IgnoresSeed flaw leaks state between episodes and envs.
    private static int _globalCounter;

    private readonly Flaw _flaw;
    private readonly Box<float> _observationSpace = new(0f, 10f, 2);
    private readonly Box<float> _actionSpace = new(-1f, 1f, 1);
    private readonly NDArray<float> _observation = new(2);
    private readonly Info _info = new();
    private readonly Rng _rng = new(0L);
    private int _step;
    private bool _needsReset = true;

    public FlawedEnv(Flaw flaw) => _flaw = flaw;

    public Space<NDArray<float>> ObservationSpace => _observationSpace;

    public Space<NDArray<float>> ActionSpace => _actionSpace;

    public EnvSpec? Spec => null;

    public ResetResult<NDArray<float>> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        if (seed is long s)
        {
            _rng.Reseed(unchecked((ulong)s));
        }

        _step = 0;
        _needsReset = false;
        _observation[0] = (float)_rng.Uniform(0, 5);
        _observation[1] = _flaw == Flaw.IgnoresSeed ? Interlocked.Increment(ref _globalCounter) % 10 : 0;
        _info.Clear();
        return new(_observation, _info);
    }

    public StepResult<NDArray<float>> Step(NDArray<float> action)
    {
        if (_needsReset && _flaw != Flaw.NoOrderEnforcement)
        {
            throw new ResetNeededException();
        }

        _step++;
        _observation[0] += 1f;
        if (_flaw == Flaw.ObservationOutOfSpace && _step == 3)
        {
            _observation[1] = 11f;
        }

        bool terminated = _step >= EpisodeLength;
        _needsReset = terminated;
        double reward = _flaw == Flaw.NonFiniteReward && _step == 2 ? double.NaN : action[0];
        _info.Clear();
        return new(_observation, reward, terminated, false, _info);
    }

    public void Dispose()
    {
    }
}
