namespace CarlaDrl.Envs.Spaces;

/// <summary>
/// Gymnasium's <c>Dict</c> space: named sub-spaces whose values form a <see cref="DictObservation"/>.
/// Keys keep the order given here. Gymnasium sorts keys when built from a plain dict; we do not, so an
/// observation encoder controls the order in which parts are concatenated.
/// </summary>
public sealed class DictSpace : Space<DictObservation>
{
    private readonly KeyValuePair<string, Space>[] _spaces;
    private readonly Dictionary<string, Space> _byKey = new(StringComparer.Ordinal);

    public DictSpace(IEnumerable<KeyValuePair<string, Space>> spaces)
        : base([], null)
    {
        ArgumentNullException.ThrowIfNull(spaces);
        _spaces = [.. spaces];
        foreach (var (key, space) in _spaces)
        {
            ArgumentNullException.ThrowIfNull(key, nameof(spaces));
            ArgumentNullException.ThrowIfNull(space, nameof(spaces));
            if (!_byKey.TryAdd(key, space))
            {
                throw new ArgumentException($"DictSpace has key '{key}' twice.", nameof(spaces));
            }
        }

        Keys = Array.AsReadOnly(_spaces.Select(p => p.Key).ToArray());
    }

    public DictSpace(params (string Key, Space Space)[] spaces)
        : this(spaces.Select(p => KeyValuePair.Create(p.Key, p.Space)))
    {
    }

    /// <summary>The keys in declaration order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The sub-spaces in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, Space>> Spaces => _spaces;

    public int Count => _spaces.Length;

    public Space this[string key] => _byKey.TryGetValue(key, out var space)
        ? space
        : throw new KeyNotFoundException($"DictSpace has no key '{key}'; keys: {string.Join(", ", Keys.Select(k => $"'{k}'"))}.");

    /// <summary>
    /// Seeds this space, then each sub-space with a seed drawn from it in key order (as Gymnasium's
    /// <c>Dict.seed(int)</c>), so one seed fixes every sub-space's stream.
    /// </summary>
    public override void Seed(long seed)
    {
        base.Seed(seed);
        foreach (var (_, space) in _spaces)
        {
            space.Seed((long)(NpRandom.NextUInt64() >> 1));
        }
    }

    public override DictObservation Sample()
    {
        var value = new DictObservation();
        foreach (var (key, space) in _spaces)
        {
            value.Add(key, space.SampleObject());
        }

        return value;
    }

    /// <summary>Exactly the same keys, and each value in its sub-space.</summary>
    public override bool Contains(DictObservation value)
    {
        if (value is null || value.Count != _spaces.Length)
        {
            return false;
        }

        foreach (var (key, space) in _spaces)
        {
            if (!value.TryGetValue(key, out object? part) || !space.ContainsObject(part))
            {
                return false;
            }
        }

        return true;
    }

    public override DictObservation Create()
    {
        var value = new DictObservation();
        foreach (var (key, space) in _spaces)
        {
            value.Add(key, space.CreateObject());
        }

        return value;
    }

    /// <summary>Deep copy per key; boxed value-type parts (e.g. of a Discrete) are immutable and simply shared.</summary>
    public override void CopyTo(DictObservation source, DictObservation destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        foreach (var (key, space) in _spaces)
        {
            object part = source[key];
            if (space.ValueType.IsValueType)
            {
                destination[key] = part;
            }
            else
            {
                space.CopyObject(part, destination[key]);
            }
        }
    }

    public override string ToString() =>
        "Dict(" + string.Join(", ", _spaces.Select(p => $"'{p.Key}': {p.Value}")) + ")";
}
