namespace CarlaDrl.Envs.Tests;

public sealed class NDArrayTests
{
    [Fact]
    public void A_zero_dimensional_array_holds_one_element()
    {
        var scalar = NDArray<float>.Zeros();
        Assert.Equal(1, scalar.Length);
        Assert.Equal(0, scalar.Rank);
    }

    [Fact]
    public void Shape_is_a_copy_that_callers_cannot_change()
    {
        int[] shape = [2, 3];
        var array = new NDArray<int>(shape);
        shape[0] = 5;

        Assert.Equal([2, 3], array.Shape);
        Assert.Equal(6, array.Length);
    }

    [Fact]
    public void The_data_constructor_wraps_without_copying_and_checks_the_length()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        var array = new NDArray<float>([2, 3], data);
        data[4] = 42;
        Assert.Equal(42, array[4]);

        var error = Assert.Throws<ArgumentException>(() => new NDArray<float>([2, 2], data));
        Assert.Contains("6 elements", error.Message, StringComparison.Ordinal);
        Assert.Contains("[2, 2]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_dimensions_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new NDArray<byte>(2, -1));
        Assert.Contains("axis 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clone_shares_nothing_and_CopyTo_requires_the_same_shape()
    {
        var array = new NDArray<double>([3], [1, 2, 3]);
        var clone = array.Clone();
        clone[0] = 9;
        Assert.Equal(1, array[0]);

        var destination = NDArray<double>.Zeros(3);
        array.CopyTo(destination);
        Assert.Equal(array.Data, destination.Data);

        var error = Assert.Throws<ArgumentException>(() => array.CopyTo(NDArray<double>.Zeros(1, 3)));
        Assert.Contains("shape [3] into one of shape [1, 3]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataEquals_compares_shape_type_and_bytes()
    {
        var a = new NDArray<float>([2], [0f, float.NaN]);
        Assert.True(a.DataEquals(a.Clone()));
        Assert.False(a.DataEquals(new NDArray<float>([2], [-0f, float.NaN])));
        Assert.False(a.DataEquals(new NDArray<float>([1, 2], [0f, float.NaN])));
        Assert.False(a.DataEquals(new NDArray<int>(2)));
    }
}
