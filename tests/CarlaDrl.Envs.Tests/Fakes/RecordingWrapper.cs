using CarlaDrl.Envs.Wrappers;

namespace CarlaDrl.Envs.Tests.Fakes;

/// <summary>Remembers the last action it passed in and the last observation it passed out.</summary>
public sealed class RecordingWrapper<TObs, TAct>(IEnv<TObs, TAct> env) : Wrapper<TObs, TAct>(env)
    where TObs : notnull
    where TAct : notnull
{
    public TAct? LastAction { get; private set; }

    public TObs? LastObservation { get; private set; }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        var result = base.Reset(seed, options);
        LastObservation = result.Observation;
        return result;
    }

    public override StepResult<TObs> Step(TAct action)
    {
        LastAction = action;
        var result = base.Step(action);
        LastObservation = result.Observation;
        return result;
    }
}
