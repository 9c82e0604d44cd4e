using System.Runtime.InteropServices;

namespace CarlaDrl.Envs;

/// <summary>
/// Dense row-major (C-order, like NumPy's default) n-dimensional array: the value type of
/// <see cref="Spaces.Box{T}"/> samples, observations and actions. A 0-d array (shape <c>[]</c>) holds
/// one element, as in NumPy. <see cref="Data"/> is exposed on purpose so hot loops can work on it
/// without copies; its length never changes.
/// </summary>
public sealed class NDArray<T> : INDArray
    where T : unmanaged
{
    private readonly int[] _shape;

    /// <summary>A zero-filled array of the given shape.</summary>
    public NDArray(params int[] shape)
    {
        _shape = CopyShape(shape);
        Data = new T[ElementCount(_shape)];
        Shape = Array.AsReadOnly(_shape);
    }

    /// <summary>Wraps <paramref name="data"/> without copying it; its length must equal the product of the shape.</summary>
    public NDArray(IReadOnlyList<int> shape, T[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        _shape = CopyShape(shape);
        int expected = ElementCount(_shape);
        if (data.Length != expected)
        {
            throw new ArgumentException($"Data has {data.Length} elements but shape {FormatShape(_shape)} needs {expected}.", nameof(data));
        }

        Data = data;
        Shape = Array.AsReadOnly(_shape);
    }

    /// <summary>The dimensions, outermost first; a private copy, so callers cannot reshape the array.</summary>
    public IReadOnlyList<int> Shape { get; }

    public int Rank => _shape.Length;

    /// <summary>The elements in row-major order.</summary>
    public T[] Data { get; }

    public int Length => Data.Length;

    public Type ElementType => typeof(T);

    public ref T this[int index] => ref Data[index];

    public object GetValue(int index) => Data[index];

    public static NDArray<T> Zeros(params int[] shape) => new(shape);

    /// <summary>An array of the given shape with every element set to <paramref name="value"/>.</summary>
    public static NDArray<T> Full(T value, params int[] shape)
    {
        var array = new NDArray<T>(shape);
        Array.Fill(array.Data, value);
        return array;
    }

    public Span<T> AsSpan() => Data;

    public NDArray<T> Clone() => new(_shape, (T[])Data.Clone());

    /// <summary>Copies every element into <paramref name="destination"/>, which must have the same shape.</summary>
    public void CopyTo(NDArray<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (!HasShape(destination._shape))
        {
            throw new ArgumentException($"Cannot copy an array of shape {FormatShape(_shape)} into one of shape {FormatShape(destination._shape)}.", nameof(destination));
        }

        Data.AsSpan().CopyTo(destination.Data);
    }

    public bool HasShape(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Count != _shape.Length)
        {
            return false;
        }

        for (int i = 0; i < _shape.Length; i++)
        {
            if (shape[i] != _shape[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Same shape and byte-identical elements (so NaN equals NaN and 0.0 differs from -0.0).</summary>
    public bool DataEquals(INDArray other) =>
        other is NDArray<T> typed
        && HasShape(typed._shape)
        && MemoryMarshal.AsBytes(Data.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(typed.Data.AsSpan()));

    public override string ToString() => $"NDArray<{TypeNames.Of(typeof(T))}>{FormatShape(_shape)}";

    internal static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    private static int[] CopyShape(IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var copy = new int[shape.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            if (shape[i] < 0)
            {
                throw new ArgumentException($"Shape {FormatShape(shape)} has a negative dimension at axis {i}.", nameof(shape));
            }

            copy[i] = shape[i];
        }

        return copy;
    }

    private static int ElementCount(int[] shape)
    {
        long count = 1;
        foreach (int dim in shape)
        {
            count *= dim;
            if (count > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {FormatShape(shape)} has more elements than an array can hold.", nameof(shape));
            }
        }

        return (int)count;
    }
}
