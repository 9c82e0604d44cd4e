using FsCheck.Xunit;

namespace CarlaDrl.Envs.Tests;

public sealed class RngTests
{
    [Fact]
    public void Same_seed_gives_the_same_stream_and_another_seed_a_different_one()
    {
        var a = new Rng(123L);
        var b = new Rng(123L);
        var c = new Rng(124L);
        var streamA = Enumerable.Range(0, 1000).Select(_ => a.NextUInt64()).ToArray();
        var streamB = Enumerable.Range(0, 1000).Select(_ => b.NextUInt64()).ToArray();
        var streamC = Enumerable.Range(0, 1000).Select(_ => c.NextUInt64()).ToArray();

        Assert.Equal(streamA, streamB);
        Assert.NotEqual(streamA, streamC);
    }

    [Fact]
    public void Restoring_the_state_resumes_the_exact_stream_including_the_spare_gaussian()
    {
        var rng = new Rng(7L);
        for (int i = 0; i < 37; i++)
        {
            rng.NextUInt64();
        }

        rng.NextGaussian(); // leaves a spare Gaussian in the state
        var state = rng.GetState();
        var expected = Enumerable.Range(0, 100).Select(_ => rng.NextGaussian()).ToArray();

        var restored = new Rng(999L);
        restored.SetState(state);
        var actual = Enumerable.Range(0, 100).Select(_ => restored.NextGaussian()).ToArray();

        Assert.True(state.HasSpareGaussian);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void An_all_zero_state_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Rng(1L).SetState(new RngState(0, 0, 0, 0, false, 0)));
        Assert.Contains("all-zero", error.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public bool NextInt_stays_in_its_bounds(long seed, ushort rawMax, short rawMin)
    {
        int max = rawMax + 1;
        int min = rawMin;
        var rng = new Rng(seed);
        for (int i = 0; i < 200; i++)
        {
            int x = rng.NextInt(max);
            int y = rng.NextInt(min, min + max);
            if (x < 0 || x >= max || y < min || y >= min + max)
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void NextInt_reaches_every_value_of_a_small_range()
    {
        var rng = new Rng(3L);
        var seen = new bool[7];
        for (int i = 0; i < 10_000; i++)
        {
            seen[rng.NextInt(7)] = true;
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void NextInt_rejects_an_empty_range()
    {
        var rng = new Rng(3L);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.NextInt(5, 5));
    }

    [Fact]
    public void Gaussian_samples_have_mean_zero_and_variance_one()
    {
        var rng = new Rng(11L);
        const int n = 200_000;
        var samples = Enumerable.Range(0, n).Select(_ => rng.NextGaussian()).ToArray();
        double mean = samples.Average();
        double variance = samples.Select(x => (x - mean) * (x - mean)).Average();

        // Standard errors are 1/sqrt(n) = 0.0022 for the mean and sqrt(2/n) = 0.0032 for the variance: 5 sigma margins.
        Assert.InRange(mean, -0.012, 0.012);
        Assert.InRange(variance, 0.984, 1.016);
    }

    [Fact]
    public void Uniform_doubles_lie_in_the_half_open_unit_interval()
    {
        var rng = new Rng(5L);
        for (int i = 0; i < 100_000; i++)
        {
            double x = rng.NextDouble();
            float f = rng.NextSingle();
            Assert.True(x is >= 0 and < 1);
            Assert.True(f is >= 0 and < 1);
        }
    }
}
