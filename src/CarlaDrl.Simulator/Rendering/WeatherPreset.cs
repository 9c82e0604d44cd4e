using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// How one of CARLA's 15 weather presets (spec §10) looks in the embedded renderer: sun elevation and azimuth
/// (degrees), cloudiness, wetness, rain and fog (0..1), and whether the light is a warm sunset light. The values
/// follow the preset names of CarlaWeather.ini (noon vs sunset, clear/cloudy/wet/rain intensity).
/// </summary>
public sealed record WeatherPreset(int Id, string Name, double SunElevationDegrees, double SunAzimuthDegrees, double Cloudiness, double Wetness, double Rain, double Fog, bool Sunset)
{
    private static readonly WeatherPreset[] All =
    [
        new(0, "Default", 55, 140, 0.3, 0.0, 0.0, 0.10, false),
        new(1, "ClearNoon", 65, 150, 0.05, 0.0, 0.0, 0.05, false),
        new(2, "CloudyNoon", 60, 150, 0.85, 0.0, 0.0, 0.15, false),
        new(3, "WetNoon", 62, 150, 0.2, 0.7, 0.0, 0.10, false),
        new(4, "WetCloudyNoon", 60, 150, 0.85, 0.7, 0.0, 0.20, false),
        new(5, "MidRainyNoon", 58, 150, 0.9, 0.85, 0.5, 0.40, false),
        new(6, "HardRainNoon", 55, 150, 1.0, 1.0, 1.0, 0.65, false),
        new(7, "SoftRainNoon", 60, 150, 0.7, 0.6, 0.25, 0.25, false),
        new(8, "ClearSunset", 8, 250, 0.1, 0.0, 0.0, 0.15, true),
        new(9, "CloudySunset", 8, 250, 0.8, 0.0, 0.0, 0.25, true),
        new(10, "WetSunset", 8, 250, 0.2, 0.7, 0.0, 0.20, true),
        new(11, "WetCloudySunset", 8, 250, 0.8, 0.7, 0.0, 0.30, true),
        new(12, "MidRainSunset", 8, 250, 0.9, 0.85, 0.5, 0.45, true),
        new(13, "HardRainSunset", 8, 250, 1.0, 1.0, 1.0, 0.70, true),
        new(14, "SoftRainSunset", 8, 250, 0.7, 0.6, 0.25, 0.30, true),
    ];

    /// <summary>The preset for a weather id 0..14.</summary>
    public static WeatherPreset For(int weatherId) =>
        weatherId is >= 0 and < Weather.Count ? All[weatherId] : throw new ArgumentOutOfRangeException(nameof(weatherId), weatherId, $"Weather id must be 0..14: {Weather.AllowedValues}.");
}
