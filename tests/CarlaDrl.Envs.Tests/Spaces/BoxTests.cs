using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Tests.Spaces;

public sealed class BoxTests
{
    [Fact]
    public void ToString_matches_Gymnasium()
    {
        Assert.Equal("Box(-1.0, 1.0, (2,), float32)", new Box<float>(-1f, 1f, 2).ToString());
        Assert.Equal("Box(0, 255, (64, 64, 3), uint8)", new Box<byte>(0, 255, 64, 64, 3).ToString());
        Assert.Equal("Box(-inf, inf, (), float64)", new Box<double>(double.NegativeInfinity, double.PositiveInfinity).ToString());
        var mixed = new Box<float>(new NDArray<float>([2], [-1f, 0.5f]), new NDArray<float>([2], [1f, 2f]));
        Assert.Equal("Box([-1.0, 0.5], [1.0, 2.0], (2,), float32)", mixed.ToString());
    }

    [Fact]
    public void Low_above_high_is_rejected_naming_the_index()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new Box<float>(new NDArray<float>([3], [0f, 2f, 0f]), new NDArray<float>([3], [1f, 1f, 1f])));
        Assert.Contains("at index 1 low = 2 > high = 1", error.Message, StringComparison.Ordinal);

        var multi = Assert.Throws<ArgumentException>(() =>
            new Box<int>(new NDArray<int>([2, 2], [0, 0, 5, 0]), NDArray<int>.Zeros(2, 2)));
        Assert.Contains("at index (1, 0)", multi.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NaN_or_wrongly_infinite_bounds_and_mismatched_shapes_are_rejected()
    {
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => new Box<float>(float.NaN, 1f, 1)).Message, StringComparison.Ordinal);
        Assert.Contains("+inf", Assert.Throws<ArgumentException>(() => new Box<float>(float.PositiveInfinity, float.PositiveInfinity, 1)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Box<float>(NDArray<float>.Zeros(2), NDArray<float>.Zeros(3)));
    }

    [Fact]
    public void Unsupported_element_types_are_rejected()
    {
        var error = Assert.Throws<NotSupportedException>(() => new Box<short>(0, 1, 1));
        Assert.Contains("not Int16", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contains_rejects_wrong_shape_out_of_bounds_and_NaN()
    {
        var box = new Box<float>(-1f, 1f, 2);
        Assert.True(box.Contains(new NDArray<float>([2], [-1f, 1f])));
        Assert.False(box.Contains(NDArray<float>.Zeros(3)));
        Assert.False(box.Contains(NDArray<float>.Zeros(1, 2)));
        Assert.False(box.Contains(new NDArray<float>([2], [0f, 1.0001f])));
        Assert.False(box.Contains(new NDArray<float>([2], [float.NaN, 0f])));
        Assert.False(box.ContainsObject(NDArray<double>.Zeros(2)));
        Assert.False(box.ContainsObject(null));
    }

    [Fact]
    public void Integer_samples_include_the_high_bound()
    {
        var box = new Box<byte>(3, 4, 1000);
        box.Seed(1);
        var sample = box.Sample();
        Assert.Contains((byte)3, sample.Data);
        Assert.Contains((byte)4, sample.Data);

        var full = new Box<long>(long.MinValue, long.MaxValue, 10);
        Assert.True(full.Contains(full.Sample()));
    }

    [Fact]
    public void Unbounded_and_half_bounded_float_samples_follow_Gymnasium()
    {
        var low = new NDArray<double>([3], [double.NegativeInfinity, 2.0, double.NegativeInfinity]);
        var high = new NDArray<double>([3], [double.PositiveInfinity, double.PositiveInfinity, -2.0]);
        var box = new Box<double>(low, high);
        box.Seed(5);
        var samples = Enumerable.Range(0, 20_000).Select(_ => box.Sample()).ToArray();

        // Normal(0, 1) for the unbounded element, 2 + Exp(1) and -2 - Exp(1) for the half-bounded ones.
        Assert.InRange(samples.Average(s => s[0]), -0.05, 0.05);
        Assert.InRange(samples.Average(s => s[1]), 2.95, 3.05);
        Assert.InRange(samples.Average(s => s[2]), -3.05, -2.95);
        Assert.All(samples, s => Assert.True(s[1] >= 2.0 && s[2] <= -2.0));
        Assert.False(box.IsBounded);
        Assert.False(box.IsBoundedBelow);
        Assert.True(new Box<float>(-1f, 1f, 2).IsBounded);
    }

    [Fact]
    public void Create_gives_zero_clamped_into_the_bounds()
    {
        var box = new Box<float>(new NDArray<float>([2], [1f, -5f]), new NDArray<float>([2], [2f, 5f]));
        Assert.Equal([1f, 0f], box.Create().Data);
    }

    [Fact]
    public void CopyTo_and_Clone_are_deep_and_check_shapes()
    {
        var box = new Box<float>(-1f, 1f, 2);
        var source = new NDArray<float>([2], [0.25f, -0.5f]);
        var destination = box.Create();
        box.CopyTo(source, destination);
        Assert.Equal(source.Data, destination.Data);

        var clone = box.Clone(source);
        source[0] = 0;
        Assert.Equal(0.25f, clone[0]);
        Assert.Throws<ArgumentException>(() => box.CopyTo(source, NDArray<float>.Zeros(3)));
        Assert.Throws<ArgumentException>(() => box.CopyObject(source, NDArray<int>.Zeros(2)));
    }

    [Fact]
    public void SampleInto_reuses_the_destination()
    {
        var box = new Box<float>(-1f, 1f, 4);
        var destination = box.Create();
        box.SampleInto(destination);
        Assert.True(box.Contains(destination));
        Assert.Throws<ArgumentException>(() => box.SampleInto(NDArray<float>.Zeros(2)));
    }
}
