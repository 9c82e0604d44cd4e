using System.Numerics;

namespace CarlaDrl.Envs.Spaces;

/// <summary>
/// Gymnasium's <c>Box</c>: arrays whose elements lie in [low, high] element-wise, for T in float, double, byte,
/// int or long. Float bounds may be infinite. Sampling follows Gymnasium: bounded float elements uniform,
/// unbounded ones standard normal, half-bounded ones the bound plus/minus an Exp(1) draw, integer elements
/// uniform over [low, high] inclusive.
/// </summary>
public sealed class Box<T> : Space<NDArray<T>>
    where T : unmanaged, INumber<T>
{
    private readonly NDArray<T> _low;
    private readonly NDArray<T> _high;
    private readonly bool _isInteger;

    /// <summary>Every element in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public Box(T low, T high, params int[] shape)
        : this(NDArray<T>.Full(low, shape), NDArray<T>.Full(high, shape), copyBounds: false)
    {
    }

    /// <summary>Per-element bounds; the arrays are copied.</summary>
    public Box(NDArray<T> low, NDArray<T> high)
        : this(low, high, copyBounds: true)
    {
    }

    private Box(NDArray<T> low, NDArray<T> high, bool copyBounds)
        : base(CheckedShape(low, high), DTypeOf())
    {
        _low = copyBounds ? low.Clone() : low;
        _high = copyBounds ? high.Clone() : high;
        _isInteger = typeof(T) == typeof(byte) || typeof(T) == typeof(int) || typeof(T) == typeof(long);
        ValidateBounds();
    }

    /// <summary>Lower bounds per element. Treat as read-only: the space does not re-validate later changes.</summary>
    public NDArray<T> Low => _low;

    /// <summary>Upper bounds per element. Treat as read-only: the space does not re-validate later changes.</summary>
    public NDArray<T> High => _high;

    public bool IsBoundedBelow => _low.Data.All(T.IsFinite);

    public bool IsBoundedAbove => _high.Data.All(T.IsFinite);

    /// <summary>Gymnasium's <c>is_bounded("both")</c>.</summary>
    public bool IsBounded => IsBoundedBelow && IsBoundedAbove;

    public override NDArray<T> Sample()
    {
        var value = new NDArray<T>(Shape, new T[_low.Length]);
        SampleInto(value);
        return value;
    }

    /// <summary>Samples into an existing array of this shape, allocating nothing.</summary>
    public void SampleInto(NDArray<T> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequireShape(destination);
        var data = destination.Data;
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = _isInteger ? SampleInteger(_low[i], _high[i]) : SampleReal(_low[i], _high[i]);
        }
    }

    /// <summary>Same shape and every element in bounds (NaN never is).</summary>
    public override bool Contains(NDArray<T> value)
    {
        if (value is null || !value.HasShape(Shape))
        {
            return false;
        }

        var data = value.Data;
        for (int i = 0; i < data.Length; i++)
        {
            if (!(data[i] >= _low[i] && data[i] <= _high[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Zero clamped into the bounds, so the new value is always contained.</summary>
    public override NDArray<T> Create()
    {
        var value = new NDArray<T>(Shape, new T[_low.Length]);
        for (int i = 0; i < value.Length; i++)
        {
            value[i] = T.Clamp(T.Zero, _low[i], _high[i]);
        }

        return value;
    }

    public override void CopyTo(NDArray<T> source, NDArray<T> destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.CopyTo(destination);
    }

    public override NDArray<T> Clone(NDArray<T> value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Clone();
    }

    /// <summary>Gymnasium's repr, e.g. <c>Box(-1.0, 1.0, (2,), float32)</c>.</summary>
    public override string ToString() =>
        $"Box({SpaceFormat.Bound(_low)}, {SpaceFormat.Bound(_high)}, {SpaceFormat.Shape(Shape)}, {SpaceFormat.DType(DType!.Value)})";

    private static IReadOnlyList<int> CheckedShape(NDArray<T> low, NDArray<T> high)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        if (!low.HasShape(high.Shape))
        {
            throw new ArgumentException($"Box low has shape {NDArray<T>.FormatShape(low.Shape)} but high has shape {NDArray<T>.FormatShape(high.Shape)}.", nameof(high));
        }

        return low.Shape;
    }

    private static DType DTypeOf()
    {
        var t = typeof(T);
        return t == typeof(float) ? Spaces.DType.Float32
            : t == typeof(double) ? Spaces.DType.Float64
            : t == typeof(byte) ? Spaces.DType.UInt8
            : t == typeof(int) ? Spaces.DType.Int32
            : t == typeof(long) ? Spaces.DType.Int64
            : throw new NotSupportedException($"Box supports float, double, byte, int and long elements, not {TypeNames.Of(t)}.");
    }

    private void ValidateBounds()
    {
        for (int i = 0; i < _low.Length; i++)
        {
            T low = _low[i], high = _high[i];
            string where = $"at index {SpaceFormat.Index(i, Shape)}";
            if (T.IsNaN(low) || T.IsNaN(high))
            {
                throw new ArgumentException($"Box bounds must not be NaN, but {where} low = {low}, high = {high}.");
            }

            if (T.IsPositiveInfinity(low) || T.IsNegativeInfinity(high))
            {
                throw new ArgumentException($"Box low cannot be +inf and high cannot be -inf, but {where} low = {low}, high = {high}.");
            }

            if (low > high)
            {
                throw new ArgumentException($"Box low must be <= high everywhere, but {where} low = {low} > high = {high}.");
            }
        }
    }

    private T SampleInteger(T low, T high)
    {
        var lowWide = Int128.CreateTruncating(low);
        var range = (UInt128)(Int128.CreateTruncating(high) - lowWide) + 1;
        ulong offset = range > ulong.MaxValue ? NpRandom.NextUInt64() : NpRandom.NextUInt64Below((ulong)range);
        return T.CreateTruncating(lowWide + offset);
    }

    private T SampleReal(T low, T high)
    {
        bool below = T.IsFinite(low), above = T.IsFinite(high);
        double lowD = double.CreateTruncating(low), highD = double.CreateTruncating(high);
        double value;
        if (below && above)
        {
            // Interpolating rather than low + (high - low) * u cannot overflow when high - low exceeds MaxValue.
            double u = NpRandom.NextDouble();
            value = (lowD * (1 - u)) + (highD * u);
        }
        else if (below)
        {
            value = lowD + Exponential();
        }
        else if (above)
        {
            value = highD - Exponential();
        }
        else
        {
            value = NpRandom.NextGaussian();
        }

        // Rounding to T (or of the interpolation itself) must not step outside the bounds.
        return T.Clamp(T.CreateTruncating(value), low, high);
    }

    private double Exponential() => -Math.Log(1.0 - NpRandom.NextDouble());

    private void RequireShape(NDArray<T> value)
    {
        if (!value.HasShape(Shape))
        {
            throw new ArgumentException($"{this} needs arrays of shape {NDArray<T>.FormatShape(Shape)}, got {NDArray<T>.FormatShape(value.Shape)}.", nameof(value));
        }
    }}
