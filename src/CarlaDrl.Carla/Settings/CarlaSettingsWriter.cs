using System.Globalization;
using System.Text;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Settings;

/// <summary>
/// Writes <see cref="EpisodeSettings"/> as the official 0.8.4 Python client writes <c>str(CarlaSettings)</c> (spec §9):
/// Python's <c>configparser</c> output with key case kept and <c>' = '</c> turned into <c>'='</c>; sections Server,
/// QualitySettings, LevelSettings, Sensor, then one per sensor with its keys in alphabetical order; unset seeds left
/// out; booleans <c>True</c>/<c>False</c>; each section followed by a blank line.
/// <para>
/// Python writes a number as the type the caller gave it: the defaults are floats (<c>PositionX=0.2</c>,
/// <c>FOV=90.0</c>), but the CoRL 2017 suite passes <c>FOV=100</c> and <c>set_rotation(-15.0, 0, 0)</c>, which print as
/// integers. <see cref="EpisodeSettings"/> keeps no such type, so float keys print as Python floats unless named in
/// the <c>integerKeys</c> argument (with an integral value); <see cref="Corl2017IntegerKeys"/> reproduces that suite.
/// </para>
/// </summary>
public static class CarlaSettingsWriter
{
    /// <summary>The float keys the CoRL 2017 experiment suite sets from Python integers.</summary>
    public static readonly IReadOnlySet<string> Corl2017IntegerKeys = new HashSet<string>(["FOV", "RotationRoll", "RotationYaw"], StringComparer.Ordinal);

    /// <summary>The INI text for <paramref name="settings"/>.</summary>
    /// <exception cref="InvalidSettingsException">invalid settings, or a sensor a CARLA server cannot provide (bird's-eye view).</exception>
    public static string Write(EpisodeSettings settings, IReadOnlySet<string>? integerKeys = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        RejectEmbeddedOnlySensors(settings);
        settings.Validate();
        var ini = new StringBuilder();
        Section(ini, "CARLA/Server",
        [
            ("SynchronousMode", Bool(settings.SynchronousMode)),
            ("SendNonPlayerAgentsInfo", Bool(settings.SendNonPlayerAgentsInfo)),
        ]);
        Section(ini, "CARLA/QualitySettings", [("QualityLevel", settings.QualityLevel.ToString())]);
        var level = new List<(string, string)>
        {
            ("NumberOfVehicles", Int(settings.NumberOfVehicles)),
            ("NumberOfPedestrians", Int(settings.NumberOfPedestrians)),
            ("WeatherId", Int(settings.WeatherId)),
        };
        if (settings.SeedVehicles is int seedVehicles)
        {
            level.Add(("SeedVehicles", Int(seedVehicles)));
        }

        if (settings.SeedPedestrians is int seedPedestrians)
        {
            level.Add(("SeedPedestrians", Int(seedPedestrians)));
        }

        level.Add(("DisableTwoWheeledVehicles", Bool(settings.DisableTwoWheeledVehicles)));
        Section(ini, "CARLA/LevelSettings", level);
        Section(ini, "CARLA/Sensor", [("Sensors", string.Join(',', settings.Sensors.Select(s => s.Name)))]);
        foreach (SensorDefinition sensor in settings.Sensors)
        {
            var keys = new List<(string Key, string Value)>
            {
                ("PositionX", Float("PositionX", sensor.PositionX, integerKeys)),
                ("PositionY", Float("PositionY", sensor.PositionY, integerKeys)),
                ("PositionZ", Float("PositionZ", sensor.PositionZ, integerKeys)),
                ("RotationPitch", Float("RotationPitch", sensor.RotationPitch, integerKeys)),
                ("RotationRoll", Float("RotationRoll", sensor.RotationRoll, integerKeys)),
                ("RotationYaw", Float("RotationYaw", sensor.RotationYaw, integerKeys)),
                ("SensorName", sensor.Name),
            };
            switch (sensor)
            {
                case CameraDefinition camera:
                    keys.Add(("SensorType", "CAMERA"));
                    keys.Add(("FOV", Float("FOV", camera.Fov, integerKeys)));
                    keys.Add(("ImageSizeX", Int(camera.ImageSizeX)));
                    keys.Add(("ImageSizeY", Int(camera.ImageSizeY)));
                    keys.Add(("PostProcessing", camera.PostProcessing.ToString()));
                    break;
                case LidarDefinition lidar:
                    keys.Add(("SensorType", "LIDAR_RAY_CAST"));
                    keys.Add(("Channels", Int(lidar.Channels)));
                    keys.Add(("LowerFovLimit", Float("LowerFovLimit", lidar.LowerFovLimit, integerKeys)));
                    keys.Add(("PointsPerSecond", Int(lidar.PointsPerSecond)));
                    keys.Add(("Range", Float("Range", lidar.Range, integerKeys)));
                    keys.Add(("RotationFrequency", Float("RotationFrequency", lidar.RotationFrequency, integerKeys)));
                    keys.Add(("ShowDebugPoints", Bool(lidar.ShowDebugPoints)));
                    keys.Add(("UpperFovLimit", Float("UpperFovLimit", lidar.UpperFovLimit, integerKeys)));
                    break;
            }

            // Python lists a sensor's attributes with dir(), which sorts them by code point.
            keys.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            Section(ini, "CARLA/Sensor/" + sensor.Name, keys);
        }

        return ini.ToString();
    }

    /// <summary>Throws when the settings ask for a sensor only the embedded world has.</summary>
    public static void RejectEmbeddedOnlySensors(EpisodeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = settings.Sensors
            .Select((s, i) => (s, i))
            .Where(x => x.s is BirdEyeViewDefinition)
            .Select(x => $"EpisodeSettings.Sensors[{x.i}] '{x.s.Name}' is a BirdEyeViewDefinition: a CARLA 0.8.4 server cannot render a bird's-eye view (its sensors are CAMERA and LIDAR_RAY_CAST). Use the embedded world for it, or drop the sensor.")
            .ToList();
        if (errors.Count > 0)
        {
            throw new InvalidSettingsException(errors);
        }
    }

    private static void Section(StringBuilder ini, string name, IEnumerable<(string Key, string Value)> keys)
    {
        ini.Append('[').Append(name).Append("]\n");
        foreach ((string key, string value) in keys)
        {
            ini.Append(key).Append('=').Append(value).Append('\n');
        }

        ini.Append('\n');
    }

    private static string Bool(bool value) => value ? "True" : "False";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Float(string key, float value, IReadOnlySet<string>? integerKeys) =>
        integerKeys is not null && integerKeys.Contains(key) && float.IsFinite(value) && value == MathF.Round(value) && Math.Abs(value) < 1e15f
            ? ((long)value).ToString(CultureInfo.InvariantCulture)
            : IniValues.PythonFloat(value);
}
