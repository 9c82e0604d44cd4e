using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Tests.Fakes;

/// <summary>Plays fixed reward sequences, one per episode (terminated at each sequence's end), in order.</summary>
public sealed class ScriptedRewardEnv(params double[][] episodes) : Env<int, int>
{
    private readonly Discrete _space = new(2);
    private int _episode = -1;
    private int _step;

    public override Space<int> ObservationSpace => _space;

    public override Space<int> ActionSpace => _space;

    protected override ResetResult<int> OnReset(long? seed, IReadOnlyDictionary<string, object>? options)
    {
        _episode++;
        _step = 0;
        return new(0, Info);
    }

    protected override StepResult<int> OnStep(int action)
    {
        var rewards = episodes[_episode];
        double reward = rewards[_step++];
        return new(1, reward, _step == rewards.Length, false, Info);
    }
}
