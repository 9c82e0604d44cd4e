namespace CarlaDrl.Learning.Algorithms;

/// <summary>Running means of the per-minibatch PPO diagnostics over one update, as SB3 averages them for logging.</summary>
internal sealed class LossAverages
{
    private double _policy, _value, _entropy, _clipFraction, _approxKl;
    private int _count;

    /// <summary>The last minibatch's total loss (SB3 logs that one, not a mean).</summary>
    public double LastLoss { get; private set; } = double.NaN;

    public double PolicyGradientLoss => _policy / _count;

    public double ValueLoss => _value / _count;

    public double EntropyLoss => _entropy / _count;

    public double ClipFraction => _clipFraction / _count;

    public double ApproxKl => _approxKl / _count;

    /// <summary>Adds a minibatch's terms and returns its approx-KL (for the target-KL check).</summary>
    public double Add(PpoLossTerms terms)
    {
        double approxKl = terms.ApproxKl.item<float>();
        _policy += terms.PolicyLoss.item<float>();
        _value += terms.ValueLoss.item<float>();
        _entropy += terms.EntropyLoss.item<float>();
        _clipFraction += terms.ClipFraction.item<float>();
        _approxKl += approxKl;
        LastLoss = terms.Loss.item<float>();
        _count++;
        return approxKl;
    }
}
