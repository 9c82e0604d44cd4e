using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Tests.Spaces;

public sealed class DictSpaceTests
{
    private static DictSpace DrivingLike() =>
        new(("camera", new Box<byte>(0, 255, 2, 2, 3)), ("vehicle_state", new Box<float>(-1f, 1f, 3)), ("command", new Discrete(4)));

    [Fact]
    public void Keys_keep_the_declared_order()
    {
        var space = new DictSpace(("z", new Discrete(2)), ("a", new Discrete(2)));
        Assert.Equal(["z", "a"], space.Keys);
        Assert.Equal(["z", "a"], space.Sample().Keys);
        Assert.Equal("Dict('z': Discrete(2), 'a': Discrete(2))", space.ToString());
    }

    [Fact]
    public void Contains_needs_the_same_keys_and_every_value_inside()
    {
        var space = DrivingLike();
        var value = space.Sample();
        Assert.True(space.Contains(value));

        var missing = new DictObservation { { "camera", value["camera"] }, { "vehicle_state", value["vehicle_state"] } };
        Assert.False(space.Contains(missing));

        var extra = space.Clone(value);
        extra.Add("speed", 1.0);
        Assert.False(space.Contains(extra));

        var outside = space.Clone(value);
        outside.Get<NDArray<float>>("vehicle_state")[0] = 2f;
        Assert.False(space.Contains(outside));

        var wrongType = space.Clone(value);
        wrongType["command"] = 1.0;
        Assert.False(space.Contains(wrongType));
    }

    [Fact]
    public void Seeding_fixes_every_sub_space_and_gives_twin_sub_spaces_different_streams()
    {
        var space = new DictSpace(("a", new Box<float>(-1f, 1f, 4)), ("b", new Box<float>(-1f, 1f, 4)));
        space.Seed(10);
        var first = space.Sample();
        space.Seed(10);
        var second = space.Sample();

        Assert.True(ObservationComparer.AreEqual(first, second));
        Assert.False(ObservationComparer.AreEqual(first["a"], first["b"]));
    }

    [Fact]
    public void CopyTo_is_deep()
    {
        var space = DrivingLike();
        var source = space.Sample();
        var destination = space.Create();
        space.CopyTo(source, destination);
        Assert.True(ObservationComparer.AreEqual(source, destination));

        source.Get<NDArray<float>>("vehicle_state")[0] = 0.123f;
        Assert.NotEqual(0.123f, destination.Get<NDArray<float>>("vehicle_state")[0]);
    }

    [Fact]
    public void Duplicate_and_unknown_keys_fail_with_the_key_name()
    {
        var duplicate = Assert.Throws<ArgumentException>(() => new DictSpace(("a", new Discrete(2)), ("a", new Discrete(3))));
        Assert.Contains("'a'", duplicate.Message, StringComparison.Ordinal);

        var unknown = Assert.Throws<KeyNotFoundException>(() => DrivingLike()["speed"]);
        Assert.Contains("'speed'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("'camera', 'vehicle_state', 'command'", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dict_space_has_no_shape_or_dtype()
    {
        var space = DrivingLike();
        Assert.Empty(space.Shape);
        Assert.Null(space.DType);
        Assert.Equal(DType.UInt8, space["camera"].DType);
    }
}
