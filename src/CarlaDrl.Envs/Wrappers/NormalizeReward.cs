namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>NormalizeReward</c>: keeps a discounted return <c>G = gamma * G + r</c>, tracks its running
/// variance, and returns <c>r / sqrt(var(G) + epsilon)</c> (no mean subtraction: openai/baselines#538).
/// G restarts at 0 after a terminated or truncated step and at every reset, as SB3's <c>VecNormalize</c>
/// does; Gymnasium instead multiplies the previous G by <c>1 - terminated</c> of the current step, which drops
/// the last return of an episode and ignores truncation.
/// </summary>
public sealed class NormalizeReward<TObs, TAct> : Wrapper<TObs, TAct>
    where TObs : notnull
    where TAct : notnull
{
    public const double DefaultGamma = 0.99;
    public const double DefaultEpsilon = 1e-8;

    public NormalizeReward(IEnv<TObs, TAct> env, double gamma = DefaultGamma, double epsilon = DefaultEpsilon)
        : base(env)
    {
        if (!(gamma is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        Gamma = gamma;
        Epsilon = epsilon;
    }

    public double Gamma { get; }

    public double Epsilon { get; }

    /// <summary>Running variance of the discounted return (size 1); restore it with <see cref="RunningMeanStd.SetState"/>.</summary>
    public RunningMeanStd ReturnStatistics { get; } = new(1);

    /// <summary>False freezes <see cref="ReturnStatistics"/>, e.g. for evaluation.</summary>
    public bool UpdateRunningMean { get; set; } = true;

    /// <summary>The discounted return G of the current episode.</summary>
    public double DiscountedReturn { get; private set; }

    public override ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null)
    {
        DiscountedReturn = 0;
        return Env.Reset(seed, options);
    }

    public override StepResult<TObs> Step(TAct action)
    {
        var result = Env.Step(action);
        DiscountedReturn = (DiscountedReturn * Gamma) + result.Reward;
        if (UpdateRunningMean)
        {
            double discountedReturn = DiscountedReturn;
            ReturnStatistics.Update(new ReadOnlySpan<double>(in discountedReturn));
        }

        double normalized = result.Reward / Math.Sqrt(ReturnStatistics.Var[0] + Epsilon);
        if (result.Terminated || result.Truncated)
        {
            DiscountedReturn = 0;
        }

        return result with { Reward = normalized };
    }
}
