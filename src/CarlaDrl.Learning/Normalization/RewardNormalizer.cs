using CarlaDrl.Envs.Wrappers;

namespace CarlaDrl.Learning.Normalization;

/// <summary>
/// SB3 VecNormalize's reward half: per env a discounted return <c>G = gamma * G + r</c>, its running variance, and
/// <c>clip(r / sqrt(var(G) + epsilon), ±clip)</c> (no mean subtraction: openai/baselines#538). G restarts at 0 when
/// an episode ends. The statistics go into checkpoints; the per-env returns do not (they restart with the envs).
/// </summary>
public sealed class RewardNormalizer
{
    public const double DefaultClip = 10.0;
    public const double DefaultEpsilon = 1e-8;

    private readonly double[] _returns;

    public RewardNormalizer(int numEnvs, double gamma, double clip = DefaultClip, double epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clip);
        _returns = new double[numEnvs];
        Gamma = gamma;
        Clip = clip;
        Epsilon = epsilon;
    }

    public RunningMeanStd Statistics { get; } = new(1);

    public double Gamma { get; }

    public double Clip { get; }

    public double Epsilon { get; }

    /// <summary>Normalises one vector step's rewards into <paramref name="normalized"/>, updating the statistics first.</summary>
    public void Normalize(ReadOnlySpan<double> rewards, ReadOnlySpan<bool> dones, Span<float> normalized)
    {
        for (int i = 0; i < _returns.Length; i++)
        {
            _returns[i] = (_returns[i] * Gamma) + rewards[i];
        }

        Statistics.UpdateBatch<double>(_returns, _returns.Length);
        double scale = 1.0 / Math.Sqrt(Statistics.Var[0] + Epsilon);
        for (int i = 0; i < _returns.Length; i++)
        {
            normalized[i] = (float)Math.Clamp(rewards[i] * scale, -Clip, Clip);
            if (dones[i])
            {
                _returns[i] = 0;
            }
        }
    }

    /// <summary>Forgets the running returns (the envs start new episodes, e.g. after a resume).</summary>
    public void ResetReturns() => Array.Clear(_returns);

    public RunningMeanStdState GetState() => Statistics.GetState();

    public void SetState(RunningMeanStdState state) => Statistics.SetState(state);
}
