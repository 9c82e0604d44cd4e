namespace CarlaDrl.Envs.Tests;

public sealed class ObservationComparerTests
{
    private static DictObservation Observation(float speed) => new()
    {
        { "camera", new NDArray<byte>([2], [1, 2]) },
        { "state", new NDArray<float>([2], [0.5f, speed]) },
    };

    [Fact]
    public void Equal_dict_observations_compare_equal()
    {
        Assert.True(ObservationComparer.AreEqual(Observation(1f), Observation(1f)));
        Assert.Null(ObservationComparer.Difference(3, 3));
        Assert.Null(ObservationComparer.Difference(null, null));
    }

    [Fact]
    public void The_difference_names_the_path_and_both_values()
    {
        string? difference = ObservationComparer.Difference(Observation(1f), Observation(2f));
        Assert.Equal("observation['state'][1]: expected 1, got 2", difference);
    }

    [Fact]
    public void Shapes_types_and_keys_must_match()
    {
        Assert.Contains("shape", ObservationComparer.Difference(NDArray<float>.Zeros(2), NDArray<float>.Zeros(1, 2)), StringComparison.Ordinal);
        Assert.Contains("NDArray<int>", ObservationComparer.Difference(NDArray<float>.Zeros(2), NDArray<int>.Zeros(2)), StringComparison.Ordinal);

        var extra = Observation(1f);
        extra.Add("speed", NDArray<float>.Zeros(1));
        Assert.Contains("unexpected key 'speed'", ObservationComparer.Difference(Observation(1f), extra), StringComparison.Ordinal);
        Assert.Contains("key 'speed' is missing", ObservationComparer.Difference(extra, Observation(1f)), StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_compare_by_bytes()
    {
        var positiveZero = new NDArray<float>([1], [0f]);
        var negativeZero = new NDArray<float>([1], [-0f]);
        Assert.Contains("bytes differ", ObservationComparer.Difference(positiveZero, negativeZero), StringComparison.Ordinal);
        Assert.True(ObservationComparer.AreEqual(new NDArray<float>([1], [float.NaN]), new NDArray<float>([1], [float.NaN])));
    }
}
