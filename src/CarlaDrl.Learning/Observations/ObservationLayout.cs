using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Learning.Observations;

/// <summary>
/// How an observation space maps onto network inputs: every rank-3 uint8 <see cref="Box{T}"/> is an image (HWC),
/// every float32 Box is flattened into one vector, in the space's key order (images first in the network, then the
/// concatenated vector, as the seed's extractor does; seed-system.md §6). Anything else is rejected by key.
/// </summary>
public sealed class ObservationLayout
{
    private ObservationLayout(IReadOnlyList<ImagePart> images, IReadOnlyList<VectorPart> vectors)
    {
        Images = images;
        Vectors = vectors;
        VectorLength = vectors.Sum(v => v.Length);
    }

    public IReadOnlyList<ImagePart> Images { get; }

    public IReadOnlyList<VectorPart> Vectors { get; }

    /// <summary>Length of the concatenated float vector (0 when there is none).</summary>
    public int VectorLength { get; }

    /// <summary>Builds the layout of a <see cref="DictSpace"/>, a float <see cref="Box{T}"/> or a uint8 image Box.</summary>
    public static ObservationLayout FromSpace(Space space)
    {
        ArgumentNullException.ThrowIfNull(space);
        var images = new List<ImagePart>();
        var vectors = new List<VectorPart>();
        if (space is DictSpace dict)
        {
            foreach (var (key, part) in dict.Spaces)
            {
                Add(key, part, images, vectors);
            }
        }
        else
        {
            Add(null, space, images, vectors);
        }

        if (images.Count == 0 && vectors.Count == 0)
        {
            throw new ArgumentException($"Observation space {space} has no parts a network can read.", nameof(space));
        }

        return new ObservationLayout(images, vectors);
    }

    public override string ToString() =>
        string.Join(", ", Images.Select(i => $"{i.Key ?? "image"}: uint8[{i.Height}, {i.Width}, {i.Channels}]")
            .Concat(Vectors.Select(v => $"{v.Key ?? "vector"}: float32[{v.Length}]")));

    private static void Add(string? key, Space space, List<ImagePart> images, List<VectorPart> vectors)
    {
        string name = key is null ? "The observation space" : $"Observation key '{key}'";
        switch (space)
        {
            case Box<byte> { Shape.Count: 3 } image:
                images.Add(new ImagePart(key, image.Shape[0], image.Shape[1], image.Shape[2]));
                break;
            case Box<byte> other:
                throw new NotSupportedException($"{name} is {other}: uint8 parts must be images of rank 3 (H×W×C).");
            case Box<float> box:
                int length = box.Shape.Aggregate(1, (a, b) => a * b);
                vectors.Add(new VectorPart(key, length, vectors.Sum(v => v.Length)));
                break;
            default:
                throw new NotSupportedException($"{name} is {space}: networks read uint8 H×W×C images and float32 boxes only.");
        }
    }

    /// <summary>The array of part <paramref name="key"/> in <paramref name="observation"/> (a DictObservation or the array itself).</summary>
    internal static NDArray<T> Part<T>(object observation, string? key)
        where T : unmanaged
    {
        object value = key is null ? observation : ((DictObservation)observation)[key];
        return value as NDArray<T>
            ?? throw new InvalidCastException($"Observation part '{key ?? "(whole)"}' is {value.GetType().Name}, not NDArray<{typeof(T).Name}>.");
    }
}
