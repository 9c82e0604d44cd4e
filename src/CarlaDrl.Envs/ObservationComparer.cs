namespace CarlaDrl.Envs;

/// <summary>
/// Deep equality of observations (and actions): <see cref="NDArray{T}"/> by shape and exact bytes (DESIGN.md §3.3:
/// same seed and actions give identical observation bytes), <see cref="DictObservation"/> by key set and
/// values, anything else by <see cref="object.Equals(object, object)"/>. <see cref="Difference"/> says where
/// two values first differ, for test and checker messages.
/// </summary>
public static class ObservationComparer
{
    public static bool AreEqual(object? expected, object? actual) => Difference(expected, actual) is null;

    /// <summary>Null when equal; otherwise where and how they first differ, e.g. <c>observation['state'][2]: expected 0.5, got 0.7</c>.</summary>
    public static string? Difference(object? expected, object? actual, string path = "observation")
    {
        if (expected is null || actual is null)
        {
            return expected is null && actual is null ? null : $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
        }

        if (expected.GetType() != actual.GetType())
        {
            return $"{path}: expected a {TypeNames.OfValue(expected)}, got a {TypeNames.OfValue(actual)}";
        }

        return expected switch
        {
            INDArray array => ArrayDifference(array, (INDArray)actual, path),
            DictObservation dict => DictDifference(dict, (DictObservation)actual, path),
            _ => Equals(expected, actual) ? null : $"{path}: expected {expected}, got {actual}",
        };
    }

    private static string? ArrayDifference(INDArray expected, INDArray actual, string path)
    {
        if (!expected.Shape.SequenceEqual(actual.Shape))
        {
            return $"{path}: expected shape {NDArray<byte>.FormatShape(expected.Shape)}, got {NDArray<byte>.FormatShape(actual.Shape)}";
        }

        if (expected.DataEquals(actual))
        {
            return null;
        }

        for (int i = 0; i < expected.Length; i++)
        {
            object e = expected.GetValue(i), a = actual.GetValue(i);
            if (!Equals(e, a))
            {
                return $"{path}[{i}]: expected {e}, got {a}";
            }
        }

        // Equals treats 0.0 and -0.0 (and NaNs of different payloads) as equal; the bytes did not.
        return $"{path}: the bytes differ (signed zeros or NaN payloads)";
    }

    private static string? DictDifference(DictObservation expected, DictObservation actual, string path)
    {
        foreach (string key in expected.Keys)
        {
            if (!actual.TryGetValue(key, out object? value))
            {
                return $"{path}: key '{key}' is missing";
            }

            if (Difference(expected[key], value, $"{path}['{key}']") is { } difference)
            {
                return difference;
            }
        }

        foreach (string key in actual.Keys)
        {
            if (!expected.ContainsKey(key))
            {
                return $"{path}: unexpected key '{key}'";
            }
        }

        return null;
    }

    private static string Describe(object? value) => value is null ? "null" : $"a {TypeNames.OfValue(value)}";
}
