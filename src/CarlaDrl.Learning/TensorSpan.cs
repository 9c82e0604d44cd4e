using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace CarlaDrl.Learning;

/// <summary>Zero-copy views of a contiguous CPU tensor's memory, for copying observations in and results out.</summary>
internal static class TensorSpan
{
    public static Span<T> Of<T>(Tensor tensor)
        where T : unmanaged
    {
        if (!tensor.is_contiguous())
        {
            throw new ArgumentException("Only contiguous tensors can be viewed as spans.", nameof(tensor));
        }

        return MemoryMarshal.Cast<byte, T>(tensor.bytes);
    }
}
