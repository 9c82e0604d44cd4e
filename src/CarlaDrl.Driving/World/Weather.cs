namespace CarlaDrl.Driving.World;

/// <summary>The 15 CARLA 0.8.4 weather presets, indexed by <c>WeatherId</c> (spec §10).</summary>
public static class Weather
{
    public const int Count = 15;

    private static readonly string[] Names =
    [
        "Default", "ClearNoon", "CloudyNoon", "WetNoon", "WetCloudyNoon",
        "MidRainyNoon", "HardRainNoon", "SoftRainNoon", "ClearSunset", "CloudySunset",
        "WetSunset", "WetCloudySunset", "MidRainSunset", "HardRainSunset", "SoftRainSunset",
    ];

    /// <summary>The preset's name, e.g. 1 → "ClearNoon".</summary>
    public static string NameOf(int weatherId) =>
        weatherId is >= 0 and < Count
            ? Names[weatherId]
            : throw new ArgumentOutOfRangeException(nameof(weatherId), weatherId, $"WeatherId must be 0..{Count - 1}: {AllowedValues}.");

    /// <summary>"0 Default, 1 ClearNoon, …" for error messages.</summary>
    public static string AllowedValues => string.Join(", ", Names.Select((n, i) => $"{i} {n}"));

    /// <summary>Finds a preset by name (case-insensitive) or numeric id.</summary>
    public static bool TryParse(string text, out int weatherId)
    {
        if (int.TryParse(text, out weatherId))
        {
            return weatherId is >= 0 and < Count;
        }

        weatherId = Array.FindIndex(Names, n => string.Equals(n, text.Trim(), StringComparison.OrdinalIgnoreCase));
        return weatherId >= 0;
    }
}
