using CarlaDrl.Envs.Wrappers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CarlaDrl.Envs.Tests.Wrappers;

public sealed class RunningMeanStdTests
{
    [Property(MaxTest = 200)]
    public Property Merging_batches_equals_one_update_with_everything() =>
        Prop.ForAll(
            Gen.Choose(1, 4).SelectMany(size => Gen.Choose(1, 40).SelectMany(rows =>
                Gen.Choose(-100_000, 100_000).ArrayOf(rows * size).SelectMany(values =>
                    Gen.Choose(1, rows).Select(split => (size, rows, values, split))))).ToArbitrary(),
            c =>
            {
                float[] data = [.. c.values.Select(v => v / 100f)];
                var merged = new RunningMeanStd(c.size);
                merged.UpdateBatch<float>(data.AsSpan(0, c.split * c.size), c.split);
                if (c.split < c.rows)
                {
                    merged.UpdateBatch<float>(data.AsSpan(c.split * c.size), c.rows - c.split);
                }

                var oneShot = new RunningMeanStd(c.size);
                oneShot.UpdateBatch<float>(data, c.rows);

                var oneByOne = new RunningMeanStd(c.size);
                for (int row = 0; row < c.rows; row++)
                {
                    oneByOne.Update<float>(data.AsSpan(row * c.size, c.size));
                }

                return Close(merged, oneShot) && Close(oneByOne, oneShot);
            });

    [Fact]
    public void Statistics_converge_to_the_data_mean_and_population_variance()
    {
        var rng = new Rng(4L);
        var data = Enumerable.Range(0, 5000).Select(_ => (3.0 * rng.NextGaussian()) + 10.0).ToArray();
        var statistics = new RunningMeanStd(1);
        foreach (double x in data)
        {
            statistics.Update(new ReadOnlySpan<double>(in x));
        }

        double mean = data.Average();
        double variance = data.Select(x => (x - mean) * (x - mean)).Average();

        // The initial pseudo-count of 1e-4 (mean 0, variance 1) shifts the result by about 1e-4 / n relative.
        Assert.Equal(mean, statistics.Mean[0], 1e-5 * Math.Abs(mean));
        Assert.Equal(variance, statistics.Var[0], 1e-4 * variance);
        Assert.Equal(5000 + 1e-4, statistics.Count, 9);
    }

    [Fact]
    public void State_round_trips_and_wrong_sizes_are_rejected()
    {
        var statistics = new RunningMeanStd(2);
        statistics.UpdateBatch<float>(new float[] { 1, 2, 3, 5 }, 2);
        var state = statistics.GetState();

        var restored = new RunningMeanStd(2);
        restored.SetState(state);
        Assert.Equal(statistics.Mean.ToArray(), restored.Mean.ToArray());
        Assert.Equal(statistics.Var.ToArray(), restored.Var.ToArray());
        Assert.Equal(statistics.Count, restored.Count);

        state.Mean[0] = 99;
        Assert.Equal(2.0, statistics.Mean[0], 3);
        Assert.Throws<ArgumentException>(() => new RunningMeanStd(3).SetState(state));
        Assert.Throws<ArgumentException>(() => statistics.Update<float>(new float[3]));
    }

    private static bool Close(RunningMeanStd a, RunningMeanStd b)
    {
        for (int i = 0; i < a.Size; i++)
        {
            double scale = 1 + Math.Abs(b.Mean[i]) + b.Var[i];
            if (Math.Abs(a.Mean[i] - b.Mean[i]) > 1e-9 * scale || Math.Abs(a.Var[i] - b.Var[i]) > 1e-9 * scale)
            {
                return false;
            }
        }

        return Math.Abs(a.Count - b.Count) < 1e-9;
    }
}
