namespace CarlaDrl.Envs.Tests;

public sealed class DictObservationTests
{
    [Fact]
    public void Keys_keep_insertion_order_and_replacing_keeps_the_position()
    {
        var observation = new DictObservation { { "z", 1 }, { "a", 2 } };
        observation["z"] = 3;
        observation["m"] = 4;

        Assert.Equal(["z", "a", "m"], observation.Keys);
        Assert.Equal(["z", "a", "m"], observation.Select(p => p.Key));
        Assert.Equal(3, observation.Get<int>("z"));
        Assert.Equal(3, observation.Count);
    }

    [Fact]
    public void A_missing_key_names_the_key_and_the_available_keys()
    {
        var observation = new DictObservation { { "camera", new NDArray<byte>(1) }, { "state", new NDArray<float>(1) } };
        var error = Assert.Throws<KeyNotFoundException>(() => observation.Get<NDArray<float>>("speed"));
        Assert.Contains("'speed'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'camera', 'state'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_type_mismatch_names_the_actual_type()
    {
        var observation = new DictObservation { { "camera", new NDArray<byte>(1) } };
        var error = Assert.Throws<InvalidCastException>(() => observation.Get<NDArray<float>>("camera"));
        Assert.Contains("NDArray<byte>, not NDArray<float>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_keys_and_null_values_are_rejected()
    {
        var observation = new DictObservation { { "a", 1 } };
        Assert.Throws<ArgumentException>(() => observation.Add("a", 2));
        Assert.Throws<ArgumentNullException>(() => observation["b"] = null!);
    }
}
