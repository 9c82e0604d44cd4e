using System.Numerics;

namespace CarlaDrl.Envs.Spaces;

/// <summary>Gymnasium/NumPy-style text for space reprs: <c>(2,)</c> shapes, <c>float32</c> dtypes, <c>-1.0</c> and <c>inf</c> values.</summary>
internal static class SpaceFormat
{
    public static string Shape(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";

    public static string DType(DType dtype) => dtype switch
    {
        Spaces.DType.Float32 => "float32",
        Spaces.DType.Float64 => "float64",
        Spaces.DType.UInt8 => "uint8",
        Spaces.DType.Int32 => "int32",
        Spaces.DType.Int64 => "int64",
        _ => "bool",
    };

    /// <summary>A flat index as NumPy's multi-index for rank > 1, e.g. <c>(1, 0)</c>.</summary>
    public static string Index(int flat, IReadOnlyList<int> shape)
    {
        if (shape.Count == 1)
        {
            return flat.ToString();
        }

        var index = new int[shape.Count];
        for (int axis = shape.Count - 1, rest = flat; axis >= 0; axis--)
        {
            index[axis] = rest % shape[axis];
            rest /= shape[axis];
        }

        return "(" + string.Join(", ", index) + ")";
    }

    /// <summary>Gymnasium's <c>short_repr</c>: one value when all elements are equal, else the whole array.</summary>
    public static string Bound<T>(NDArray<T> bound)
        where T : unmanaged, INumber<T>
    {
        var data = bound.Data;
        if (data.Length > 0 && data.All(x => x == data[0]))
        {
            return Value(data[0]);
        }

        return "[" + string.Join(", ", data.Select(Value)) + "]";
    }

    public static string Value<T>(T value)
        where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(byte) || typeof(T) == typeof(int) || typeof(T) == typeof(long))
        {
            return value.ToString()!;
        }

        if (T.IsNaN(value))
        {
            return "nan";
        }

        if (T.IsInfinity(value))
        {
            return T.IsNegative(value) ? "-inf" : "inf";
        }

        // NumPy prints floats with a decimal point (1.0, not 1) and a lower-case exponent.
        string text = value.ToString()!.ToLowerInvariant();
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal) ? text : text + ".0";
    }
}
