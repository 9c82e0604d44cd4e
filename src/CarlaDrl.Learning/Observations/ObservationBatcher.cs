using CarlaDrl.Learning.Normalization;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Observations;

/// <summary>
/// Copies a vector env's observations (<typeparamref name="TObs"/> is <see cref="Envs.DictObservation"/> or
/// <see cref="Envs.NDArray{T}"/> of float) straight into preallocated tensor memory: one copy per part per env,
/// no managed allocation. The float vector is optionally normalised in place afterwards.
/// </summary>
public sealed class ObservationBatcher<TObs>
    where TObs : notnull
{
    private readonly ObservationLayout _layout;

    public ObservationBatcher(ObservationLayout layout, ObservationNormalizer? normalizer = null)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (typeof(TObs).IsValueType)
        {
            throw new NotSupportedException($"Observations of type {typeof(TObs).Name} cannot be batched; use DictObservation or NDArray<float>.");
        }

        if (normalizer is not null && normalizer.Size != layout.VectorLength)
        {
            throw new ArgumentException($"The normaliser has {normalizer.Size} elements but the observation vector has {layout.VectorLength}.", nameof(normalizer));
        }

        _layout = layout;
        Normalizer = normalizer;
    }

    public ObservationNormalizer? Normalizer { get; }

    /// <summary>
    /// Writes observation i into row i of <paramref name="destination"/> (which has exactly that many rows), then
    /// normalises the vector rows, first folding them into the running statistics when
    /// <paramref name="updateStatistics"/> (SB3's VecNormalize in training mode).
    /// </summary>
    public void Write(ReadOnlySpan<TObs> observations, ObservationTensors destination, bool updateStatistics)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Rows != observations.Length)
        {
            throw new ArgumentException($"Destination has {destination.Rows} rows for {observations.Length} observations.", nameof(destination));
        }

        for (int k = 0; k < _layout.Images.Count; k++)
        {
            var part = _layout.Images[k];
            var target = TensorSpan.Of<byte>(destination.Images[k]);
            for (int i = 0; i < observations.Length; i++)
            {
                var source = ObservationLayout.Part<byte>(observations[i], part.Key).Data;
                if (source.Length != part.Length)
                {
                    throw new ArgumentException($"Observation {i} part '{part.Key}' has {source.Length} bytes, expected {part.Length} (H×W×C).", nameof(observations));
                }

                source.CopyTo(target.Slice(i * part.Length, part.Length));
            }
        }

        if (destination.Vector is not Tensor vector)
        {
            return;
        }

        var rows = TensorSpan.Of<float>(vector);
        int width = _layout.VectorLength;
        foreach (var part in _layout.Vectors)
        {
            for (int i = 0; i < observations.Length; i++)
            {
                var source = ObservationLayout.Part<float>(observations[i], part.Key).Data;
                if (source.Length != part.Length)
                {
                    throw new ArgumentException($"Observation {i} part '{part.Key}' has {source.Length} floats, expected {part.Length}.", nameof(observations));
                }

                source.CopyTo(rows.Slice((i * width) + part.Offset, part.Length));
            }
        }

        if (Normalizer is not null)
        {
            if (updateStatistics)
            {
                Normalizer.Update(rows, observations.Length);
            }

            Normalizer.Normalize(rows, observations.Length);
        }
    }
}
