namespace CarlaDrl.Envs.Spaces;

/// <summary>A space whose values are <typeparamref name="T"/>; the object API forwards here.</summary>
public abstract class Space<T> : Space
    where T : notnull
{
    protected Space(IReadOnlyList<int> shape, DType? dtype)
        : base(shape, dtype)
    {
    }

    public sealed override Type ValueType => typeof(T);

    /// <summary>A random value of the space, drawn from <see cref="Space.NpRandom"/>.</summary>
    public abstract T Sample();

    public abstract bool Contains(T value);

    /// <summary>A new value of the right shape, zero where the bounds allow it (for preallocated buffers).</summary>
    public abstract T Create();

    /// <summary>
    /// Deep-copies <paramref name="source"/> into <paramref name="destination"/>, which must come from
    /// <see cref="Create"/> or <see cref="Clone"/> (same shape). Value-type values (<see cref="Discrete"/>) have no
    /// storage to copy into: copy them by assignment.
    /// </summary>
    public abstract void CopyTo(T source, T destination);

    /// <summary>A deep copy that shares no buffer with <paramref name="value"/>.</summary>
    public virtual T Clone(T value)
    {
        var copy = Create();
        CopyTo(value, copy);
        return copy;
    }

    public sealed override object SampleObject() => Sample();

    public sealed override bool ContainsObject(object? value) => value is T typed && Contains(typed);

    public sealed override object CreateObject() => Create();

    public sealed override void CopyObject(object source, object destination) => CopyTo(Cast(source), Cast(destination));

    public sealed override object CloneObject(object value) => Clone(Cast(value));

    private T Cast(object value) => value is T typed
        ? typed
        : throw new ArgumentException($"{this} holds {TypeNames.Of(typeof(T))} values, not {TypeNames.OfValue(value)}.", nameof(value));
}
