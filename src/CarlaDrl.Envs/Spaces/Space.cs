namespace CarlaDrl.Envs.Spaces;

/// <summary>
/// Gymnasium's <c>Space</c>: the set of valid observations or actions, with sampling and membership.
/// This non-generic base serves code that handles any space (checkers, composite spaces, loggers);
/// <see cref="Space{T}"/> is the typed API.
/// </summary>
public abstract class Space
{
    /// <summary>
    /// Seed of <see cref="NpRandom"/> until <see cref="Seed"/> is called. Gymnasium seeds from OS entropy;
    /// a fixed default keeps unseeded sampling reproducible (DESIGN.md §3.3).
    /// </summary>
    public const long DefaultSeed = 0;

    protected Space(IReadOnlyList<int> shape, DType? dtype)
    {
        ArgumentNullException.ThrowIfNull(shape);
        Shape = Array.AsReadOnly(shape.ToArray());
        DType = dtype;
    }

    /// <summary>Shape of a value; empty both for scalars and for composite spaces (Gymnasium's <c>Dict.shape</c> is None).</summary>
    public IReadOnlyList<int> Shape { get; }

    /// <summary>Element type of a value; null for composite spaces (as Gymnasium's <c>Dict.dtype</c>).</summary>
    public DType? DType { get; }

    /// <summary>The CLR type of this space's values.</summary>
    public abstract Type ValueType { get; }

    /// <summary>The sampling generator (Gymnasium's <c>np_random</c>); its state is checkpointable.</summary>
    public Rng NpRandom { get; } = new(DefaultSeed);

    /// <summary>Re-seeds sampling; composite spaces derive their sub-spaces' seeds from <paramref name="seed"/>.</summary>
    public virtual void Seed(long seed) => NpRandom.Reseed(unchecked((ulong)seed));

    public abstract object SampleObject();

    public abstract bool ContainsObject(object? value);

    /// <summary>A new value of the right shape, zero where the bounds allow it (for preallocated buffers).</summary>
    public abstract object CreateObject();

    /// <summary>Deep-copies <paramref name="source"/> into <paramref name="destination"/>, a value of the same shape.</summary>
    public abstract void CopyObject(object source, object destination);

    public abstract object CloneObject(object value);
}
