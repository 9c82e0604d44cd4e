using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace CarlaDrl.Cli.Config;

/// <summary>
/// A configuration as a tree of string-keyed maps with scalar, list and map values, read from YAML files and
/// overridden with <c>--set a.b.c=value</c> (DESIGN.md §3.8). Later sources win.
/// </summary>
internal sealed class ConfigTree
{
    public Dictionary<string, object?> Root { get; } = new(StringComparer.Ordinal);

    /// <summary>Merges a YAML file (a map at the top) into the tree.</summary>
    public void MergeFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"Config file '{path}' not found.");
        }

        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException($"{path}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        if (yaml.Documents.Count == 0)
        {
            return;
        }

        if (yaml.Documents[0].RootNode is not YamlMappingNode map)
        {
            throw new ConfigException($"{path}: the top level must be a map of sections (run:, scenario:, env:, ppo:, …).");
        }

        Merge(Root, (Dictionary<string, object?>)Convert(map, path)!);
    }

    /// <summary>Applies one override <c>a.b.c=value</c>; the value is parsed as YAML (numbers, booleans, lists).</summary>
    public void Set(string assignment)
    {
        int eq = assignment.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            throw new ConfigException($"--set '{assignment}' is not key=value (e.g. --set ppo.learning_rate=1e-4).");
        }

        string[] path = assignment[..eq].Trim().Split('.');
        var yaml = new YamlStream();
        yaml.Load(new StringReader("v: " + assignment[(eq + 1)..]));
        object? value = Convert(((YamlMappingNode)yaml.Documents[0].RootNode).Children[new YamlScalarNode("v")], "--set");
        Dictionary<string, object?> node = Root;
        for (int i = 0; i < path.Length - 1; i++)
        {
            if (!node.TryGetValue(path[i], out object? child) || child is not Dictionary<string, object?> map)
            {
                map = new Dictionary<string, object?>(StringComparer.Ordinal);
                node[path[i]] = map;
            }

            node = map;
        }

        node[path[^1]] = value;
    }

    /// <summary>The section map <paramref name="name"/> (empty when absent).</summary>
    public Dictionary<string, object?> Section(string name) =>
        Root.TryGetValue(name, out object? value) && value is Dictionary<string, object?> map ? map : new(StringComparer.Ordinal);

    private static void Merge(Dictionary<string, object?> into, Dictionary<string, object?> from)
    {
        foreach ((string key, object? value) in from)
        {
            if (value is Dictionary<string, object?> map && into.TryGetValue(key, out object? existing) && existing is Dictionary<string, object?> existingMap)
            {
                Merge(existingMap, map);
            }
            else
            {
                into[key] = value;
            }
        }
    }

    private static object? Convert(YamlNode node, string source) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            kv => ((YamlScalarNode)kv.Key).Value ?? throw new ConfigException($"{source}: an empty key at line {kv.Key.Start.Line}."),
            kv => Convert(kv.Value, source),
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(c => Convert(c, source)).ToList(),
        YamlScalarNode scalar => scalar.Value,
        _ => throw new ConfigException($"{source}: unsupported YAML node at line {node.Start.Line}."),
    };

    internal static string Format(object? value) => value switch
    {
        null => "null",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
