using CarlaDrl.Driving.Maps;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Tests.Towns;

public sealed class TownCatalogTests
{
    [Theory]
    [InlineData("Town01", "Town01")]
    [InlineData("TOWN01", "Town01")]
    [InlineData(" town02 ", "Town02")]
    public void Built_in_towns_resolve_by_name_in_any_case(string name, string expected)
    {
        Assert.True(TownCatalog.TryResolve(name, out TownMap town));
        Assert.Equal(expected, town.Name);
    }

    [Fact]
    public void Procedural_towns_are_generated_once_per_seed()
    {
        Assert.True(TownCatalog.TryResolve("procedural:42", out TownMap a));
        Assert.True(TownCatalog.TryResolve("Procedural:42", out TownMap b));
        Assert.True(TownCatalog.TryResolve("procedural:43", out TownMap c));
        Assert.True(TownCatalog.TryResolve("procedural", out TownMap zero));
        Assert.True(TownCatalog.TryResolve("procedural:0", out TownMap alsoZero));
        Assert.Same(a, b);
        Assert.NotSame(a, c);
        Assert.Same(zero, alsoZero);
    }

    [Theory]
    [InlineData("Town03")]
    [InlineData("procedural:")]
    [InlineData("procedural-4")]
    [InlineData("   ")]
    public void Other_names_do_not_resolve(string name)
    {
        Assert.False(TownCatalog.TryResolve(name, out _));
        Assert.Equal("Town01, Town02, procedural:<seed>", TownCatalog.AllowedNames);
    }
}
