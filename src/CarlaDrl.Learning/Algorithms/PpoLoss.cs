using static TorchSharp.torch;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// The PPO objective of SB3's <c>PPO.train</c> as a pure function of tensors (Schulman et al. 2017):
/// clipped surrogate <c>−mean(min(A·ρ, A·clip(ρ, 1 ± ε)))</c>, value loss <c>mean((R − V)²)</c> with optional
/// clipping of V to <c>V_old ± ε_vf</c> (SB3 clips and takes no max with the unclipped loss, unlike CleanRL),
/// entropy loss <c>−mean(H)</c>, and the diagnostics approx-KL <c>mean((ρ − 1) − log ρ)</c> (Schulman's k3
/// estimator, as SB3) and clip fraction <c>mean(|ρ − 1| &gt; ε)</c>. Advantages arrive already normalised.
/// </summary>
public static class PpoLoss
{
    /// <param name="logProbs">log π_θ(a|s), <c>[B]</c>, with gradient.</param>
    /// <param name="oldLogProbs">log π_old(a|s) from the rollout, <c>[B]</c>.</param>
    /// <param name="advantages">A, <c>[B]</c>.</param>
    /// <param name="values">V_θ(s), <c>[B]</c>, with gradient.</param>
    /// <param name="oldValues">V_old(s) from the rollout, <c>[B]</c>.</param>
    /// <param name="returns">Value targets R, <c>[B]</c>.</param>
    /// <param name="entropy">Policy entropy per sample, <c>[B]</c>.</param>
    /// <param name="clipRange">ε.</param>
    /// <param name="clipRangeVf">ε_vf, or null for an unclipped value loss.</param>
    /// <param name="entCoef">Entropy coefficient.</param>
    /// <param name="vfCoef">Value loss coefficient.</param>
    public static PpoLossTerms Compute(
        Tensor logProbs,
        Tensor oldLogProbs,
        Tensor advantages,
        Tensor values,
        Tensor oldValues,
        Tensor returns,
        Tensor entropy,
        double clipRange,
        double? clipRangeVf,
        double entCoef,
        double vfCoef)
    {
        ArgumentNullException.ThrowIfNull(logProbs);
        ArgumentNullException.ThrowIfNull(oldValues);
        var logRatio = logProbs - oldLogProbs;
        var ratio = logRatio.exp();
        var surrogate = advantages * ratio;
        var clippedSurrogate = advantages * ratio.clamp(1 - clipRange, 1 + clipRange);
        var policyLoss = -minimum(surrogate, clippedSurrogate).mean();
        var predicted = clipRangeVf is double vf ? oldValues + (values - oldValues).clamp(-vf, vf) : values;
        var valueLoss = (returns - predicted).square().mean();
        var entropyLoss = -entropy.mean();
        var loss = policyLoss + (entropyLoss * entCoef) + (valueLoss * vfCoef);
        using var noGrad = no_grad();
        var approxKl = ((ratio - 1) - logRatio).mean();
        var clipFraction = (ratio - 1).abs().gt(clipRange).to(ScalarType.Float32).mean();
        return new PpoLossTerms(loss, policyLoss, valueLoss, entropyLoss, approxKl, clipFraction);
    }
}
