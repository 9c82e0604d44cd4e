using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Learning.Tests;

/// <summary>The seed's observation and action spaces (seed-system.md §5).</summary>
internal static class TestSpaces
{
    public static DictSpace SeedObservation(int size = 64) => new(
        ("camera", new Box<byte>(0, 255, size, size, 3)),
        ("vehicle_state", new Box<float>(-1000f, 1000f, 6)));

    public static Box<float> SeedAction => new(-1f, 1f, 2);

    public static DictObservation SeedSample(DictSpace space, int seed)
    {
        space.Seed(seed);
        return space.Sample();
    }
}
