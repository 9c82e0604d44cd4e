using System.Numerics;

namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Running element-wise mean and (population) variance, merged batch by batch with the parallel algorithm of
/// Chan, Golub &amp; LeVeque (1979), exactly as Gymnasium's and SB3's <c>RunningMeanStd</c>: the count starts at
/// a small epsilon (1e-4) with mean 0 and variance 1, so the first update dominates without dividing by zero.
/// Statistics are kept in double whatever the sample type.
/// </summary>
public sealed class RunningMeanStd
{
    public const double DefaultEpsilon = 1e-4;

    private readonly double[] _mean;
    private readonly double[] _var;
    private readonly double[] _batchMean;
    private readonly double[] _batchVar;

    public RunningMeanStd(int size, double epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(epsilon);
        _mean = new double[size];
        _var = new double[size];
        _batchMean = new double[size];
        _batchVar = new double[size];
        Array.Fill(_var, 1.0);
        Count = epsilon;
    }

    /// <summary>Number of elements per sample.</summary>
    public int Size => _mean.Length;

    public ReadOnlySpan<double> Mean => _mean;

    public ReadOnlySpan<double> Var => _var;

    /// <summary>Samples seen, plus the initial epsilon.</summary>
    public double Count { get; private set; }

    /// <summary>Adds one sample of <see cref="Size"/> elements (a batch of one, as Gymnasium's wrappers do).</summary>
    public void Update<T>(ReadOnlySpan<T> sample)
        where T : INumberBase<T>
    {
        RequireLength(sample.Length, Size, nameof(sample));
        double total = Count + 1;
        for (int i = 0; i < _mean.Length; i++)
        {
            double delta = double.CreateTruncating(sample[i]) - _mean[i];
            _mean[i] += delta / total;
            _var[i] = ((_var[i] * Count) + (delta * delta * Count / total)) / total;
        }

        Count = total;
    }

    /// <summary>Adds <paramref name="batchCount"/> samples stored row-major in <paramref name="batch"/> ([batchCount, Size]).</summary>
    public void UpdateBatch<T>(ReadOnlySpan<T> batch, int batchCount)
        where T : INumberBase<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchCount);
        RequireLength(batch.Length, batchCount * Size, nameof(batch));
        Array.Clear(_batchMean);
        Array.Clear(_batchVar);
        for (int row = 0; row < batchCount; row++)
        {
            var sample = batch.Slice(row * Size, Size);
            for (int i = 0; i < Size; i++)
            {
                _batchMean[i] += double.CreateTruncating(sample[i]);
            }
        }

        for (int i = 0; i < Size; i++)
        {
            _batchMean[i] /= batchCount;
        }

        // Two passes (mean, then squared deviations) keep the batch variance accurate for large offsets.
        for (int row = 0; row < batchCount; row++)
        {
            var sample = batch.Slice(row * Size, Size);
            for (int i = 0; i < Size; i++)
            {
                double d = double.CreateTruncating(sample[i]) - _batchMean[i];
                _batchVar[i] += d * d;
            }
        }

        for (int i = 0; i < Size; i++)
        {
            _batchVar[i] /= batchCount;
        }

        UpdateFromMoments(_batchMean, _batchVar, batchCount);
    }

    /// <summary>Gymnasium's <c>update_from_moments</c>: merges a batch given its mean, population variance and count.</summary>
    public void UpdateFromMoments(ReadOnlySpan<double> batchMean, ReadOnlySpan<double> batchVar, double batchCount)
    {
        RequireLength(batchMean.Length, Size, nameof(batchMean));
        RequireLength(batchVar.Length, Size, nameof(batchVar));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchCount);
        double total = Count + batchCount;
        for (int i = 0; i < _mean.Length; i++)
        {
            double delta = batchMean[i] - _mean[i];
            _mean[i] += delta * batchCount / total;
            double m2 = (_var[i] * Count) + (batchVar[i] * batchCount) + (delta * delta * Count * batchCount / total);
            _var[i] = m2 / total;
        }

        Count = total;
    }

    /// <summary>Writes <c>(x - mean) / sqrt(var + epsilon)</c> element-wise into <paramref name="destination"/>.</summary>
    public void Normalize(ReadOnlySpan<float> x, Span<float> destination, double epsilon)
    {
        RequireLength(x.Length, Size, nameof(x));
        RequireLength(destination.Length, Size, nameof(destination));
        for (int i = 0; i < _mean.Length; i++)
        {
            destination[i] = (float)((x[i] - _mean[i]) / Math.Sqrt(_var[i] + epsilon));
        }
    }

    public RunningMeanStdState GetState() => new((double[])_mean.Clone(), (double[])_var.Clone(), Count);

    public void SetState(RunningMeanStdState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        RequireLength(state.Mean.Length, Size, nameof(state));
        RequireLength(state.Var.Length, Size, nameof(state));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(state.Count, nameof(state));
        state.Mean.CopyTo(_mean, 0);
        state.Var.CopyTo(_var, 0);
        Count = state.Count;
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"Expected {expected} elements, got {actual}.", name);
        }
    }
}
