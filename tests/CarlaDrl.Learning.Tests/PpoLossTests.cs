using CarlaDrl.Learning.Algorithms;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Tests;

public sealed class PpoLossTests
{
    // Ratios (1, 1.5, 0.5) against advantages (1, 1, −1), ε = 0.2:
    //   A·ρ = (1, 1.5, −0.5); A·clip(ρ) = (1, 1.2, −0.8); min = (1, 1.2, −0.8) → policy loss −1.4 / 3 = −0.46667.
    private static readonly double[] Ratios = [1.0, 1.5, 0.5];

    [Fact]
    public void The_clipped_surrogate_clip_fraction_and_approx_kl_match_hand_computed_values()
    {
        using var scope = NewDisposeScope();
        var terms = Compute(clipRangeVf: null, out _);

        Assert.Equal(-(1 + 1.2 - 0.8) / 3, terms.PolicyLoss.item<float>(), 5);
        Assert.Equal(2.0 / 3, terms.ClipFraction.item<float>(), 5);
        double kl = Ratios.Average(r => (r - 1) - Math.Log(r));
        Assert.Equal(kl, terms.ApproxKl.item<float>(), 5);
        Assert.Equal(0.095894, kl, 5);
    }

    [Fact]
    public void Value_loss_is_mse_and_clipping_follows_SB3()
    {
        using var scope = NewDisposeScope();
        // V = (1, 2, 3), R = (1.5, 2, 2), V_old = 1: unclipped ((0.5)² + 0 + 1²) / 3.
        Assert.Equal(1.25 / 3, Compute(clipRangeVf: null, out _).ValueLoss.item<float>(), 5);
        // ε_vf = 0.5: V clipped to (1, 1.5, 1.5): (0.25 + 0.25 + 0.25) / 3.
        Assert.Equal(0.25, Compute(clipRangeVf: 0.5, out _).ValueLoss.item<float>(), 5);
    }

    [Fact]
    public void Total_loss_combines_the_terms_with_the_coefficients()
    {
        using var scope = NewDisposeScope();
        var terms = Compute(clipRangeVf: null, out _);

        Assert.Equal(-2f, terms.EntropyLoss.item<float>(), 6);
        double expected = terms.PolicyLoss.item<float>() + (0.01 * -2) + (0.5 * terms.ValueLoss.item<float>());
        Assert.Equal(expected, terms.Loss.item<float>(), 5);
    }

    [Fact]
    public void Clipped_samples_get_no_policy_gradient()
    {
        using var scope = NewDisposeScope();
        var terms = Compute(clipRangeVf: null, out var logProbs);
        terms.PolicyLoss.backward();

        // d/dlogπ of −mean(A·ρ) = −A·ρ/3 where the unclipped term is the minimum; 0 where the clipped one is.
        var gradient = logProbs.grad!.data<float>().ToArray();
        Assert.Equal(-1.0 / 3, gradient[0], 5);
        Assert.Equal(0f, gradient[1]);
        Assert.Equal(0f, gradient[2]);
    }

    private static PpoLossTerms Compute(double? clipRangeVf, out Tensor logProbs)
    {
        logProbs = tensor(Ratios.Select(r => (float)Math.Log(r)).ToArray()).requires_grad_();
        return PpoLoss.Compute(
            logProbs,
            oldLogProbs: zeros(3),
            advantages: tensor(new[] { 1f, 1f, -1f }),
            values: tensor(new[] { 1f, 2f, 3f }),
            oldValues: ones(3),
            returns: tensor(new[] { 1.5f, 2f, 2f }),
            entropy: full(3, 2f),
            clipRange: 0.2,
            clipRangeVf: clipRangeVf,
            entCoef: 0.01,
            vfCoef: 0.5);
    }
}
