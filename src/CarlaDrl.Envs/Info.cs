using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CarlaDrl.Envs;

/// <summary>
/// The <c>info</c> of Gymnasium's <c>step</c>/<c>reset</c>, built to be reused every step: numbers live in
/// their own <see cref="double"/> store so per-step diagnostics (speed, reward terms) are never boxed,
/// other values live in an object store, and <see cref="Clear"/> keeps both capacities. A key lives in
/// exactly one store: setting it in one removes it from the other. Enumeration yields numbers first,
/// then objects; numbers are boxed only then.
/// </summary>
public sealed class Info : IEnumerable<KeyValuePair<string, object>>
{
    private readonly Dictionary<string, double> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _objects = new(StringComparer.Ordinal);

    public int Count => _numbers.Count + _objects.Count;

    public IEnumerable<string> Keys => _numbers.Keys.Concat(_objects.Keys);

    public void Set(string key, double value)
    {
        ArgumentNullException.ThrowIfNull(key);
        _objects.Remove(key);
        _numbers[key] = value;
    }

    public void Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        _numbers.Remove(key);
        _objects[key] = value;
    }

    public bool Remove(string key) => _numbers.Remove(key) | _objects.Remove(key);

    /// <summary>Removes every entry and keeps the allocated capacity.</summary>
    public void Clear()
    {
        _numbers.Clear();
        _objects.Clear();
    }

    public bool ContainsKey(string key) => _numbers.ContainsKey(key) || _objects.ContainsKey(key);

    public bool TryGetNumber(string key, out double value) => _numbers.TryGetValue(key, out value);

    public double GetNumber(string key)
    {
        if (_numbers.TryGetValue(key, out double value))
        {
            return value;
        }

        throw Missing(key, "number");
    }

    /// <summary>Reads an object entry as <typeparamref name="T"/>; a number entry is readable as <see cref="double"/>.</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (_objects.TryGetValue(key, out object? stored) && stored is T typed)
        {
            value = typed;
            return true;
        }

        if (typeof(T) == typeof(double) && _numbers.TryGetValue(key, out double number))
        {
            value = (T)(object)number;
            return true;
        }

        value = default;
        return false;
    }

    public T Get<T>(string key)
    {
        if (TryGet(key, out T? value))
        {
            return value!;
        }

        if (_objects.TryGetValue(key, out object? stored))
        {
            throw new InvalidCastException($"Info['{key}'] is {TypeNames.OfValue(stored)}, not {TypeNames.Of(typeof(T))}.");
        }

        if (_numbers.ContainsKey(key))
        {
            throw new InvalidCastException($"Info['{key}'] is a number (double), not {TypeNames.Of(typeof(T))}; use GetNumber.");
        }

        throw Missing(key, TypeNames.Of(typeof(T)));
    }

    /// <summary>Replaces the contents of <paramref name="other"/> with this info's entries (object values are shared, not cloned).</summary>
    public void CopyTo(Info other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (ReferenceEquals(other, this))
        {
            return;
        }

        other.Clear();
        foreach (var (key, value) in _numbers)
        {
            other._numbers[key] = value;
        }

        foreach (var (key, value) in _objects)
        {
            other._objects[key] = value;
        }
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var (key, value) in _numbers)
        {
            yield return new(key, value);
        }

        foreach (var pair in _objects)
        {
            yield return pair;
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(", ", this.Select(p => $"'{p.Key}': {p.Value}")) + "}";

    private KeyNotFoundException Missing(string key, string wanted)
    {
        string keys = Count == 0 ? "(none)" : string.Join(", ", Keys.Select(k => $"'{k}'"));
        return new KeyNotFoundException($"Info has no {wanted} entry '{key}'; keys: {keys}.");
    }
}
