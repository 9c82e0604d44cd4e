namespace CarlaDrl.Learning.Algorithms;

/// <summary>SB3's <c>explained_variance</c>: <c>1 − Var[y − ŷ] / Var[y]</c>; NaN when Var[y] = 0.</summary>
public static class ExplainedVariance
{
    public static double Compute(ReadOnlySpan<float> predictions, ReadOnlySpan<float> targets)
    {
        if (predictions.Length != targets.Length || targets.Length == 0)
        {
            throw new ArgumentException($"Need equally long, non-empty arrays (got {predictions.Length} and {targets.Length}).", nameof(targets));
        }

        double meanY = 0, meanD = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            meanY += targets[i];
            meanD += targets[i] - predictions[i];
        }

        meanY /= targets.Length;
        meanD /= targets.Length;
        double varY = 0, varD = 0;
        for (int i = 0; i < targets.Length; i++)
        {
            double y = targets[i] - meanY;
            double d = targets[i] - predictions[i] - meanD;
            varY += y * y;
            varD += d * d;
        }

        return varY == 0 ? double.NaN : 1 - (varD / varY);
    }
}
