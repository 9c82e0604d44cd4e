using CarlaDrl.Envs.Wrappers;

namespace CarlaDrl.Learning.Normalization;

/// <summary>
/// SB3 VecNormalize's observation half for the float vector part: running mean/variance over every sample seen in
/// training, <c>clip((x - mean) / sqrt(var + epsilon), ±clip)</c>. Images are never normalised (they are scaled to
/// [0, 1] once, in the network). The statistics go into checkpoints.
/// </summary>
public sealed class ObservationNormalizer
{
    public const double DefaultClip = 10.0;
    public const double DefaultEpsilon = 1e-8;

    private readonly float[] _scale;
    private readonly float[] _shift;

    public ObservationNormalizer(int size, double clip = DefaultClip, double epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clip);
        Statistics = new RunningMeanStd(size);
        Clip = clip;
        Epsilon = epsilon;
        _scale = new float[size];
        _shift = new float[size];
        Refresh();
    }

    public RunningMeanStd Statistics { get; }

    public int Size => Statistics.Size;

    public double Clip { get; }

    public double Epsilon { get; }

    /// <summary>Folds <paramref name="count"/> rows of <see cref="Size"/> floats into the statistics.</summary>
    public void Update(ReadOnlySpan<float> rows, int count)
    {
        Statistics.UpdateBatch(rows[..(count * Size)], count);
        Refresh();
    }

    /// <summary>Normalises <paramref name="count"/> rows in place with the current statistics.</summary>
    public void Normalize(Span<float> rows, int count)
    {
        float clip = (float)Clip;
        for (int r = 0; r < count; r++)
        {
            var row = rows.Slice(r * Size, Size);
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = Math.Clamp((row[i] - _shift[i]) * _scale[i], -clip, clip);
            }
        }
    }

    public RunningMeanStdState GetState() => Statistics.GetState();

    public void SetState(RunningMeanStdState state)
    {
        Statistics.SetState(state);
        Refresh();
    }

    private void Refresh()
    {
        for (int i = 0; i < Size; i++)
        {
            _shift[i] = (float)Statistics.Mean[i];
            _scale[i] = (float)(1.0 / Math.Sqrt(Statistics.Var[i] + Epsilon));
        }
    }
}
