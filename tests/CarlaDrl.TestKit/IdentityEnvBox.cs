using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.TestKit;

/// <summary>
/// SB3's <c>IdentityEnvBox</c> idea for learning tests: the observation is a random target in [-1, 1], the
/// reward is <c>-|action - target|</c> (best 0), then a new target is drawn. Episodes end after a fixed
/// number of steps; the observation carries no time, so the end is a truncation (Gymnasium's rule for
/// limits outside the MDP). A policy that copies its observation scores 0; a random one about -2/3 per step.
/// </summary>
public sealed class IdentityEnvBox : Env<NDArray<float>, NDArray<float>>
{
    private readonly Box<float> _observationSpace = new(-1f, 1f, 1);
    private readonly Box<float> _actionSpace = new(-1f, 1f, 1);
    private readonly NDArray<float> _observation = new(1);
    private int _step;

    public IdentityEnvBox(int episodeLength = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodeLength);
        EpisodeLength = episodeLength;
    }

    public int EpisodeLength { get; }

    public override Space<NDArray<float>> ObservationSpace => _observationSpace;

    public override Space<NDArray<float>> ActionSpace => _actionSpace;

    public override EnvSpec? Spec { get; } = new("identity-box-v0");

    private float Target => _observation[0];

    protected override ResetResult<NDArray<float>> OnReset(long? seed, IReadOnlyDictionary<string, object>? options)
    {
        _step = 0;
        DrawTarget();
        return new(_observation, Info);
    }

    protected override StepResult<NDArray<float>> OnStep(NDArray<float> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        double reward = -Math.Abs(action[0] - Target);
        _step++;
        DrawTarget();
        return new(_observation, reward, false, _step >= EpisodeLength, Info);
    }

    private void DrawTarget() => _observation[0] = (float)NpRandom.Uniform(-1.0, 1.0);
}
