namespace CarlaDrl.Cli.Training;

/// <summary>One curve of a run: values against environment steps, in the order the run logged them.</summary>
internal sealed record Series(double[] Steps, double[] Values)
{
    public static readonly Series Empty = new([], []);

    public int Count => Steps.Length;

    public bool IsEmpty => Steps.Length == 0;

    /// <summary>
    /// The mean of the last <paramref name="window"/> values at each point (fewer at the start), like SB3's
    /// <c>rollout/ep_rew_mean</c> over its 100-episode <c>ep_info_buffer</c>; of points logged at the same step (the
    /// episodes that finished in one rollout) only the last is kept, the mean as of the end of that rollout.
    /// </summary>
    public Series MovingMean(int window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var steps = new List<double>(Count);
        var values = new List<double>(Count);
        double sum = 0;
        for (int i = 0; i < Count; i++)
        {
            sum += Values[i];
            if (i >= window)
            {
                sum -= Values[i - window];
            }

            double mean = sum / Math.Min(i + 1, window);
            if (steps.Count > 0 && steps[^1] == Steps[i])
            {
                values[^1] = mean;
            }
            else
            {
                steps.Add(Steps[i]);
                values.Add(mean);
            }
        }

        return new Series([.. steps], [.. values]);
    }

    /// <summary>The same points with every value multiplied by <paramref name="factor"/> (fractions to percent).</summary>
    public Series Scaled(double factor) => new(Steps, [.. Values.Select(v => v * factor)]);
}
