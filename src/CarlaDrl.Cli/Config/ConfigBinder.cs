using System.Globalization;
using System.Reflection;

namespace CarlaDrl.Cli.Config;

/// <summary>
/// Binds a config section (snake_case keys) onto an immutable record's init-only properties (PascalCase), starting
/// from the record's defaults. Unknown keys and values that do not parse fail with the key's full name and what is
/// allowed. Supports numbers, booleans, strings, enums, lists, string→number maps and nested records.
/// </summary>
internal static class ConfigBinder
{
    public static T Bind<T>(Dictionary<string, object?> section, string path, T defaults)
        where T : class => (T)Bind(typeof(T), section, path, defaults);

    private static object Bind(Type type, Dictionary<string, object?> section, string path, object defaults)
    {
        // Records: copy the defaults (the compiler's <Clone>$ keeps init-only semantics), then set properties.
        MethodInfo clone = type.GetMethod("<Clone>$") ?? throw new InvalidOperationException($"{type.Name} is not a record.");
        object target = clone.Invoke(defaults, null)!;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
            .ToDictionary(p => Snake(p.Name), StringComparer.Ordinal);
        foreach ((string key, object? raw) in section)
        {
            string full = path.Length == 0 ? key : $"{path}.{key}";
            if (!properties.TryGetValue(key, out PropertyInfo? property))
            {
                throw new ConfigException($"Unknown config key '{full}'; allowed in '{(path.Length == 0 ? "(top)" : path)}': {string.Join(", ", properties.Keys.Order())}.");
            }

            object? current = property.GetValue(target);
            object? value = Convert(property.PropertyType, raw, full, current);
            try
            {
                property.SetValue(target, value);
            }
            catch (TargetInvocationException e) when (e.InnerException is ArgumentException inner)
            {
                // The record's own validation (e.g. PpoConfig's ranges): keep its rule, name the key as written.
                string rule = inner.Message.Split('\n')[0].Trim();
                int paren = rule.IndexOf(" (Parameter", StringComparison.Ordinal);
                throw new ConfigException($"Config key '{full}' = '{ConfigTree.Format(raw)}' is not valid: {(paren > 0 ? rule[..paren] : rule)}", inner);
            }
        }

        return target;
    }

    private static object? Convert(Type type, object? raw, string key, object? current)
    {
        Type? nullable = Nullable.GetUnderlyingType(type);
        if (nullable is not null)
        {
            return raw is null or "null" or "~" ? null : Convert(nullable, raw, key, current);
        }

        if (raw is Dictionary<string, object?> map)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && type.GetGenericArguments()[0] == typeof(string))
            {
                Type valueType = type.GetGenericArguments()[1];
                var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(typeof(string), valueType))!;
                foreach ((string k, object? v) in map)
                {
                    dictionary[k] = Convert(valueType, v, $"{key}.{k}", null);
                }

                return dictionary;
            }

            if (type.GetMethod("<Clone>$") is not null && current is not null)
            {
                return Bind(type, map, key, current);
            }

            throw new ConfigException($"Config key '{key}' takes a single value, not a map.");
        }

        if (raw is List<object?> list)
        {
            Type? element = type.IsArray ? type.GetElementType()
                : type.IsGenericType && type.GetGenericTypeDefinition() is var d && (d == typeof(IReadOnlyList<>) || d == typeof(IList<>) || d == typeof(List<>) || d == typeof(IEnumerable<>)) ? type.GetGenericArguments()[0]
                : null;
            if (element is null)
            {
                throw new ConfigException($"Config key '{key}' takes a single value, not a list.");
            }

            Array array = Array.CreateInstance(element, list.Count);
            for (int i = 0; i < list.Count; i++)
            {
                array.SetValue(Convert(element, list[i], $"{key}[{i}]", null), i);
            }

            return array;
        }

        string text = raw as string ?? throw new ConfigException($"Config key '{key}' needs a value.");
        try
        {
            if (type == typeof(string))
            {
                return text;
            }

            if (type == typeof(bool))
            {
                return text.ToLowerInvariant() switch
                {
                    "true" or "yes" or "on" or "1" => true,
                    "false" or "no" or "off" or "0" => false,
                    _ => throw new FormatException(),
                };
            }

            if (type.IsEnum)
            {
                return Enum.Parse(type, text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                Type element = type.GetGenericArguments()[0];
                Array single = Array.CreateInstance(element, 1);
                single.SetValue(Convert(element, text, key, null), 0);
                return single;
            }

            return System.Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            string allowed = type.IsEnum ? string.Join(", ", Enum.GetNames(type)) : type == typeof(bool) ? "true, false" : Friendly(type);
            throw new ConfigException($"Config key '{key}' = '{text}' is not valid; expected {allowed}.", e);
        }
    }

    private static string Friendly(Type type) =>
        type == typeof(int) || type == typeof(long) ? "an integer"
        : type == typeof(double) || type == typeof(float) ? "a number"
        : type.Name;

    /// <summary>PascalCase → snake_case (LearningRate → learning_rate, NSteps → n_steps).</summary>
    public static string Snake(string name)
    {
        var builder = new System.Text.StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsUpper(c) && i > 0 && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
