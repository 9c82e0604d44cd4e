using CarlaDrl.Envs.Spaces;
using FsCheck.Xunit;

namespace CarlaDrl.Envs.Tests.Spaces;

[Properties(Arbitrary = [typeof(SpaceArbitraries)], MaxTest = 200)]
public sealed class SpacePropertyTests
{
    [Property]
    public bool Float_box_contains_its_samples_and_created_values(Box<float> box, long seed) => ContainsSamples(box, seed);

    [Property]
    public bool Byte_box_contains_its_samples_and_created_values(Box<byte> box, long seed) => ContainsSamples(box, seed);

    [Property]
    public bool Discrete_contains_its_samples_and_created_values(Discrete space, long seed) => ContainsSamples(space, seed);

    [Property]
    public bool Dict_space_contains_its_samples_and_created_values(DictSpace space, long seed) => ContainsSamples(space, seed);

    [Property]
    public bool Seeding_repeats_the_sample_sequence_of_a_box(Box<float> box, long seed) => RepeatsAfterSeeding(box, seed);

    [Property]
    public bool Seeding_repeats_the_sample_sequence_of_a_dict_space(DictSpace space, long seed) => RepeatsAfterSeeding(space, seed);

    [Property]
    public bool Clone_is_a_deep_equal_copy(DictSpace space, long seed)
    {
        space.Seed(seed);
        var sample = space.Sample();
        var clone = space.Clone(sample);
        bool equal = ObservationComparer.AreEqual(sample, clone);
        bool deep = !ReferenceEquals(sample["state"], clone["state"]) && !ReferenceEquals(sample["camera"], clone["camera"]);
        return equal && deep;
    }

    private static bool ContainsSamples<T>(Space<T> space, long seed)
        where T : notnull
    {
        space.Seed(seed);
        for (int i = 0; i < 20; i++)
        {
            if (!space.Contains(space.Sample()))
            {
                return false;
            }
        }

        return space.Contains(space.Create()) && space.ContainsObject(space.SampleObject());
    }

    private static bool RepeatsAfterSeeding<T>(Space<T> space, long seed)
        where T : notnull
    {
        space.Seed(seed);
        var first = Enumerable.Range(0, 5).Select(_ => space.Sample()).ToArray();
        space.Seed(seed);
        var second = Enumerable.Range(0, 5).Select(_ => space.Sample()).ToArray();
        return first.Zip(second).All(p => ObservationComparer.AreEqual(p.First, p.Second));
    }
}
