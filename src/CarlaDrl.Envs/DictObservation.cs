using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CarlaDrl.Envs;

/// <summary>
/// An observation made of named parts (Gymnasium's <c>Dict</c> sample), e.g. <c>camera</c> (uint8 H×W×3)
/// and <c>vehicle_state</c> (float32 vector). Keys keep insertion order, so enumeration order is the
/// order in which the <see cref="Spaces.DictSpace"/> declared them. Values are whatever the sub-space
/// produces, typically <see cref="NDArray{T}"/>. Replacing a value by key allocates nothing, which lets
/// wrappers reuse one instance per step.
/// </summary>
public sealed class DictObservation : IEnumerable<KeyValuePair<string, object>>
{
    private readonly List<string> _keys = [];
    private readonly List<object> _values = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    public DictObservation()
    {
    }

    public DictObservation(IEnumerable<KeyValuePair<string, object>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var (key, value) in items)
        {
            Add(key, value);
        }
    }

    public int Count => _keys.Count;

    /// <summary>The keys in insertion order.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>Gets a value, or adds or replaces it.</summary>
    public object this[string key]
    {
        get => _values[IndexOf(key)];
        set
        {
            ArgumentNullException.ThrowIfNull(key);
            ArgumentNullException.ThrowIfNull(value);
            if (_index.TryGetValue(key, out int i))
            {
                _values[i] = value;
            }
            else
            {
                Add(key, value);
            }
        }
    }

    public void Add(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (!_index.TryAdd(key, _keys.Count))
        {
            throw new ArgumentException($"DictObservation already has key '{key}'.", nameof(key));
        }

        _keys.Add(key);
        _values.Add(value);
    }

    public bool ContainsKey(string key) => _index.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        if (_index.TryGetValue(key, out int i))
        {
            value = _values[i];
            return true;
        }

        value = null;
        return false;
    }

    /// <summary>The value under <paramref name="key"/> as <typeparamref name="T"/>; fails naming the key, the available keys and the actual type.</summary>
    public T Get<T>(string key)
    {
        object value = _values[IndexOf(key)];
        if (value is T typed)
        {
            return typed;
        }

        throw new InvalidCastException($"DictObservation['{key}'] is {TypeNames.OfValue(value)}, not {TypeNames.Of(typeof(T))}.");
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<KeyValuePair<string, object>> IEnumerable<KeyValuePair<string, object>>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() =>
        "{" + string.Join(", ", _keys.Select((k, i) => $"'{k}': {_values[i]}")) + "}";

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_index.TryGetValue(key, out int i))
        {
            return i;
        }

        throw new KeyNotFoundException($"DictObservation has no key '{key}'; available keys: {FormatKeys()}.");
    }

    private string FormatKeys() => _keys.Count == 0 ? "(none)" : string.Join(", ", _keys.Select(k => $"'{k}'"));

    /// <summary>Allocation-free enumerator over the pairs in insertion order.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, object>>
    {
        private readonly DictObservation _owner;
        private int _position;

        internal Enumerator(DictObservation owner)
        {
            _owner = owner;
            _position = -1;
        }

        public readonly KeyValuePair<string, object> Current => new(_owner._keys[_position], _owner._values[_position]);

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => ++_position < _owner._keys.Count;

        public void Reset() => _position = -1;

        public readonly void Dispose()
        {
        }
    }
}
