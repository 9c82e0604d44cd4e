using static TorchSharp.torch;

namespace CarlaDrl.Learning.Observations;

/// <summary>
/// A batch of observations as network inputs: one uint8 tensor <c>[B, H, W, C]</c> per image part (raw bytes; the
/// network scales them) and one float32 tensor <c>[B, D]</c> for the concatenated vector parts (null without
/// any). Views and gathers made from it belong to the current dispose scope.
/// </summary>
public sealed class ObservationTensors
{
    public ObservationTensors(IReadOnlyList<Tensor> images, Tensor? vector)
    {
        ArgumentNullException.ThrowIfNull(images);
        Images = images;
        Vector = vector;
    }

    public IReadOnlyList<Tensor> Images { get; }

    public Tensor? Vector { get; }

    /// <summary>Batch size B.</summary>
    public long Rows => Images.Count > 0 ? Images[0].shape[0] : Vector!.shape[0];

    /// <summary>Allocates zeroed storage for <paramref name="rows"/> observations, outside any dispose scope.</summary>
    public static ObservationTensors Allocate(ObservationLayout layout, long rows)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var images = layout.Images
            .Select(i => zeros([rows, i.Height, i.Width, i.Channels], ScalarType.Byte).DetachFromDisposeScope())
            .ToArray();
        var vector = layout.VectorLength > 0 ? zeros([rows, layout.VectorLength], ScalarType.Float32).DetachFromDisposeScope() : null;
        return new ObservationTensors(images, vector);
    }

    /// <summary>Rows <c>[start, start + length)</c> as views sharing this storage.</summary>
    public ObservationTensors Narrow(long start, long length)
    {
        var images = Images.Count == 0 ? [] : new Tensor[Images.Count];
        for (int k = 0; k < images.Length; k++)
        {
            images[k] = Images[k].narrow(0, start, length);
        }

        return new(images, Vector?.narrow(0, start, length));
    }

    /// <summary>The rows at <paramref name="indices"/> (int64), copied.</summary>
    public ObservationTensors IndexSelect(Tensor indices)
    {
        var images = Images.Count == 0 ? [] : new Tensor[Images.Count];
        for (int k = 0; k < images.Length; k++)
        {
            images[k] = Images[k].index_select(0, indices);
        }

        return new(images, Vector?.index_select(0, indices));
    }

    /// <summary>Disposes the tensors; only for storage made by <see cref="Allocate"/>.</summary>
    public void DisposeStorage()
    {
        foreach (var image in Images)
        {
            image.Dispose();
        }

        Vector?.Dispose();
    }
}
