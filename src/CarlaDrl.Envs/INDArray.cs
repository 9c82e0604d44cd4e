namespace CarlaDrl.Envs;

/// <summary>
/// The element-type-free view of an <see cref="NDArray{T}"/>, for code that handles arrays of any dtype
/// (deep comparison, logging, serialisation) without reflection.
/// </summary>
public interface INDArray
{
    IReadOnlyList<int> Shape { get; }

    int Length { get; }

    Type ElementType { get; }

    /// <summary>The element at a row-major index, boxed (for messages and generic tools, not hot loops).</summary>
    object GetValue(int index);

    /// <summary>Same element type, same shape and byte-identical elements.</summary>
    bool DataEquals(INDArray other);
}
