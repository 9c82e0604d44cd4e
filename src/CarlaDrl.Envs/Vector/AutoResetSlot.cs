namespace CarlaDrl.Envs.Vector;

/// <summary>
/// One sub-env of a vector env and the same-step autoreset around it. Sync and threaded vector envs share it,
/// so both produce identical results by construction.
/// </summary>
internal sealed class AutoResetSlot<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    private readonly int _index;
    private readonly Info _finalInfo = new();
    private readonly bool _observationIsValueType = typeof(TObs).IsValueType;
    private TObs? _finalObservation;

    public AutoResetSlot(int index, IEnv<TObs, TAct> env)
    {
        _index = index;
        Env = env ?? throw new InvalidOperationException($"The factory of env {index} returned null.");
    }

    public IEnv<TObs, TAct> Env { get; }

    public void Reset(long? seed, VectorBuffers<TObs> buffers)
    {
        var result = Env.Reset(seed);
        buffers.Observations[_index] = result.Observation;
        result.Info.CopyTo(buffers.Infos[_index]);
    }

    public void Step(TAct action, VectorBuffers<TObs> buffers)
    {
        var result = Env.Step(action);
        buffers.Rewards[_index] = result.Reward;
        buffers.Terminated[_index] = result.Terminated;
        buffers.Truncated[_index] = result.Truncated;
        if (!result.Terminated && !result.Truncated)
        {
            buffers.Observations[_index] = result.Observation;
            result.Info.CopyTo(buffers.Infos[_index]);
            return;
        }

        // The env may reuse its observation and info for the reset, so both are copied out first.
        object finalObservation = KeepFinalObservation(result.Observation);
        result.Info.CopyTo(_finalInfo);
        Reset(seed: null, buffers);
        var info = buffers.Infos[_index];
        info.Set(InfoKeys.FinalObservation, finalObservation);
        info.Set(InfoKeys.FinalInfo, _finalInfo);
    }

    private object KeepFinalObservation(TObs observation)
    {
        if (_observationIsValueType)
        {
            return observation;
        }

        _finalObservation ??= Env.ObservationSpace.Create();
        Env.ObservationSpace.CopyTo(observation, _finalObservation);
        return _finalObservation;
    }
}
