using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Tests.Spaces;

public sealed class DiscreteTests
{
    [Fact]
    public void Samples_cover_start_to_start_plus_n_minus_one()
    {
        var space = new Discrete(3, start: -1);
        space.Seed(2);
        var values = Enumerable.Range(0, 1000).Select(_ => space.Sample()).Distinct().Order().ToArray();
        Assert.Equal([-1, 0, 1], values);
        Assert.False(space.Contains(2));
        Assert.False(space.Contains(-2));
        Assert.Equal(-1, space.Create());
    }

    [Fact]
    public void ToString_matches_Gymnasium()
    {
        Assert.Equal("Discrete(5)", new Discrete(5).ToString());
        Assert.Equal("Discrete(5, start=2)", new Discrete(5, 2).ToString());
    }

    [Fact]
    public void Values_are_copied_by_assignment_not_CopyTo()
    {
        var space = new Discrete(4);
        Assert.Equal(3, space.Clone(3));
        Assert.Throws<NotSupportedException>(() => space.CopyTo(1, 2));
    }

    [Fact]
    public void Invalid_sizes_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Discrete(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Discrete(10, int.MaxValue));
    }
}
