using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// <see cref="NormalizeObservation{TAct}"/> for Dict observations: the chosen keys, whose parts must be
/// <c>Box&lt;float&gt;</c>, are normalised with one <see cref="RunningMeanStd"/> each; every other part (e.g. a
/// uint8 camera, which the network scales itself; DESIGN.md §3.4) passes through untouched. The output
/// observation is one reused <see cref="DictObservation"/>: normalised parts are its own buffers, other parts
/// are the inner env's values.
/// </summary>
public sealed class NormalizeDictObservation<TAct> : Wrapper<DictObservation, TAct>
    where TAct : notnull
{
    private readonly DictSpace _observationSpace;
    private readonly DictObservation _output = new();
    private readonly string[] _keys;
    private readonly RunningMeanStd?[] _statistics;
    private readonly NDArray<float>?[] _buffers;

    public NormalizeDictObservation(IEnv<DictObservation, TAct> env, IEnumerable<string> keys, double epsilon = NormalizeObservation<TAct>.DefaultEpsilon)
        : base(env)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var inner = env.ObservationSpace as DictSpace
            ?? throw new ArgumentException($"NormalizeDictObservation needs a DictSpace observation space, got {env.ObservationSpace}.", nameof(env));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        var normalized = new HashSet<string>(keys, StringComparer.Ordinal);
        foreach (string key in normalized)
        {
            if (!inner.Keys.Contains(key))
            {
                throw new ArgumentException($"Key '{key}' is not in the observation space {inner}.", nameof(keys));
            }

            if (inner[key] is not Box<float>)
            {
                throw new ArgumentException($"Key '{key}' has space {inner[key]}; only Box<float> parts can be normalised.", nameof(keys));
            }
        }

        Epsilon = epsilon;
        _keys = [.. inner.Keys];
        _statistics = new RunningMeanStd?[_keys.Length];
        _buffers = new NDArray<float>?[_keys.Length];
        var statistics = new Dictionary<string, RunningMeanStd>(StringComparer.Ordinal);
        var spaces = new List<KeyValuePair<string, Space>>();
        for (int i = 0; i < _keys.Length; i++)
        {
            var space = inner[_keys[i]];
            if (normalized.Contains(_keys[i]))
            {
                var box = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, [.. space.Shape]);
                space = box;
                _buffers[i] = box.Create();
                _statistics[i] = statistics[_keys[i]] = new RunningMeanStd(_buffers[i]!.Length);
            }

            spaces.Add(new(_keys[i], space));
            _output.Add(_keys[i], _buffers[i] ?? space.CreateObject());
        }

        _observationSpace = new DictSpace(spaces);
        ObservationStatistics = statistics;
    }

    public double Epsilon { get; }

    /// <summary>Running statistics per normalised key; restore them with <see cref="RunningMeanStd.SetState"/>.</summary>
    public IReadOnlyDictionary<string, RunningMeanStd> ObservationStatistics { get; }

    /// <summary>False freezes the statistics (Gymnasium's <c>update_running_mean</c>), e.g. for evaluation.</summary>
    public bool UpdateRunningMean { get; set; } = true;

    public override Space<DictObservation> ObservationSpace => _observationSpace;

    public override ResetResult<DictObservation> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        return result with { Observation = Normalize(result.Observation) };
    }

    public override StepResult<DictObservation> Step(TAct action)
    {
        var result = Env.Step(action);
        return result with { Observation = Normalize(result.Observation) };
    }

    private DictObservation Normalize(DictObservation observation)
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            if (_statistics[i] is not { } statistics)
            {
                _output[_keys[i]] = observation[_keys[i]];
                continue;
            }

            var input = observation.Get<NDArray<float>>(_keys[i]);
            if (UpdateRunningMean)
            {
                statistics.Update<float>(input.Data);
            }

            statistics.Normalize(input.Data, _buffers[i]!.Data, Epsilon);
        }

        return _output;
    }
}
