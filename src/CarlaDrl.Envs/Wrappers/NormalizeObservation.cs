using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>NormalizeObservation</c> for float Box observations: each observation (at reset and every
/// step) first updates the running statistics, unless <see cref="UpdateRunningMean"/> is false (evaluation),
/// then is returned as <c>(x - mean) / sqrt(var + epsilon)</c>. The output is a buffer reused every call
/// (see the ownership rule of <see cref="IEnv{TObs, TAct}"/>); its space is the unbounded Box.
/// </summary>
public sealed class NormalizeObservation<TAct> : Wrapper<NDArray<float>, TAct>
    where TAct : notnull
{
    public const double DefaultEpsilon = 1e-8;

    private readonly Box<float> _observationSpace;
    private readonly NDArray<float> _output;

    public NormalizeObservation(IEnv<NDArray<float>, TAct> env, double epsilon = DefaultEpsilon)
        : base(env)
    {
        var inner = env.ObservationSpace as Box<float>
            ?? throw new ArgumentException($"NormalizeObservation needs a Box<float> observation space, got {env.ObservationSpace}.", nameof(env));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        Epsilon = epsilon;
        _observationSpace = new Box<float>(float.NegativeInfinity, float.PositiveInfinity, [.. inner.Shape]);
        _output = _observationSpace.Create();
        ObservationStatistics = new RunningMeanStd(_output.Length);
    }

    public double Epsilon { get; }

    /// <summary>Running mean and variance of raw observations; restore them with <see cref="RunningMeanStd.SetState"/>.</summary>
    public RunningMeanStd ObservationStatistics { get; }

    /// <summary>False freezes the statistics (Gymnasium's <c>update_running_mean</c>), e.g. for evaluation.</summary>
    public bool UpdateRunningMean { get; set; } = true;

    public override Space<NDArray<float>> ObservationSpace => _observationSpace;

    public override ResetResult<NDArray<float>> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = Env.Reset(seed, options);
        return result with { Observation = Normalize(result.Observation) };
    }

    public override StepResult<NDArray<float>> Step(TAct action)
    {
        var result = Env.Step(action);
        return result with { Observation = Normalize(result.Observation) };
    }

    private NDArray<float> Normalize(NDArray<float> observation)
    {
        if (UpdateRunningMean)
        {
            ObservationStatistics.Update<float>(observation.Data);
        }

        ObservationStatistics.Normalize(observation.Data, _output.Data, Epsilon);
        return _output;
    }
}
