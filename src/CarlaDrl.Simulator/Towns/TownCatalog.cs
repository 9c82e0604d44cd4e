using System.Collections.Concurrent;
using System.Globalization;
using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// Resolves town names: the built-in CARLA towns ("Town01", "Town02", any case) and seeded procedural towns
/// ("procedural:&lt;seed&gt;", default options). Procedural towns are generated once per seed and shared.
/// </summary>
public static class TownCatalog
{
    public const string ProceduralPrefix = "procedural";

    private static readonly ConcurrentDictionary<long, TownMap> Procedural = new();

    /// <summary>Every accepted form, for messages.</summary>
    public static string AllowedNames => $"{string.Join(", ", BuiltInTowns.Names)}, {ProceduralPrefix}:<seed>";

    public static bool TryResolve(string name, out TownMap town)
    {
        town = null!;
        if (string.IsNullOrWhiteSpace(name))
        {
            return false;
        }

        if (BuiltInTowns.TryGet(name, out town))
        {
            return true;
        }

        string trimmed = name.Trim();
        if (trimmed.StartsWith(ProceduralPrefix, StringComparison.OrdinalIgnoreCase))
        {
            string rest = trimmed[ProceduralPrefix.Length..];
            long seed = 0;
            if (rest.Length == 0 || (rest[0] == ':' && long.TryParse(rest[1..], NumberStyles.Integer, CultureInfo.InvariantCulture, out seed)))
            {
                town = Procedural.GetOrAdd(seed, s => ProceduralTownGenerator.Generate(new ProceduralTownOptions { Seed = s }));
                return true;
            }
        }

        return false;
    }
}
