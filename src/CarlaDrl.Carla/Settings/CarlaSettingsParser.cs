using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Settings;

/// <summary>
/// Reads the INI of a <c>RequestNewEpisode</c> as the 0.8.4 server does (spec §9) and turns it into
/// <see cref="EpisodeSettings"/>. One instance is one server's settings object: values are <b>sticky</b> — a key
/// absent from a request keeps the value the last request gave it (the server default while never set) — except
/// the sensor list, rebuilt every time, and <c>QualityLevel</c>, which only a recognised value changes.
/// Keys are case-insensitive; a sensor <c>A/B</c> reads <c>[CARLA/Sensor]</c>, then <c>[CARLA/Sensor/A]</c>, then
/// <c>[CARLA/Sensor/A/B]</c>; an unknown <c>SensorType</c> drops the sensor and an out-of-range <c>WeatherId</c> keeps
/// the current weather, each with a logged message. Not thread-safe.
/// </summary>
public sealed class CarlaSettingsParser
{
    /// <summary>The server's seed default (spec §9).</summary>
    public const int DefaultSeed = 123456789;

    private const string Server = "CARLA/Server";
    private const string Quality = "CARLA/QualitySettings";
    private const string Level = "CARLA/LevelSettings";
    private const string SensorRoot = "CARLA/Sensor";

    private readonly Action<string>? _log;
    private bool _synchronousMode = true;
    private bool _sendNonPlayerAgentsInfo;
    private QualityLevel _qualityLevel = QualityLevel.Epic;
    private int _numberOfVehicles = 5;
    private int _numberOfPedestrians = 15;
    private int _seedVehicles = DefaultSeed;
    private int _seedPedestrians = DefaultSeed;
    private bool _disableTwoWheeledVehicles;

    /// <param name="log">Receives what the real server logs: dropped sensors, ignored weather ids, clamped values.</param>
    /// <param name="initialWeatherId">The level's weather before any request sets one.</param>
    public CarlaSettingsParser(Action<string>? log = null, int initialWeatherId = 0)
    {
        _log = log;
        CurrentWeatherId = Math.Clamp(initialWeatherId, 0, Weather.Count - 1);
    }

    /// <summary>The weather the last request left in place.</summary>
    public int CurrentWeatherId { get; private set; }

    /// <summary>Applies one request's INI to this settings object and returns the episode's settings.</summary>
    public EpisodeSettings Parse(string ini)
    {
        IniDocument doc = IniDocument.Parse(ini ?? "");
        _synchronousMode = Bool(doc, Server, "SynchronousMode", _synchronousMode);
        _sendNonPlayerAgentsInfo = Bool(doc, Server, "SendNonPlayerAgentsInfo", _sendNonPlayerAgentsInfo);

        string? quality = doc.Get(Quality, "QualityLevel");
        if (quality is not null)
        {
            // Case-sensitive, as the server compares it; anything else means "not set" and changes nothing.
            if (quality is "Low" or "Medium" or "High" or "Epic")
            {
                _qualityLevel = Enum.Parse<QualityLevel>(quality);
            }
            else
            {
                _log?.Invoke($"QualityLevel '{quality}' is not Low, Medium, High or Epic; keeping {_qualityLevel}.");
            }
        }

        _numberOfVehicles = Count(doc, "NumberOfVehicles", _numberOfVehicles);
        _numberOfPedestrians = Count(doc, "NumberOfPedestrians", _numberOfPedestrians);
        string? weather = doc.Get(Level, "WeatherId");
        if (weather is not null)
        {
            int id = IniValues.Atoi(weather);
            if (id is >= 0 and < Weather.Count)
            {
                CurrentWeatherId = id;
            }
            else if (id != -1)
            {
                _log?.Invoke($"WeatherId {id} is out of range 0..{Weather.Count - 1}; keeping the current weather ({CurrentWeatherId} {Weather.NameOf(CurrentWeatherId)}).");
            }
        }

        _seedVehicles = Int(doc, Level, "SeedVehicles", _seedVehicles);
        _seedPedestrians = Int(doc, Level, "SeedPedestrians", _seedPedestrians);
        _disableTwoWheeledVehicles = Bool(doc, Level, "DisableTwoWheeledVehicles", _disableTwoWheeledVehicles);

        return new EpisodeSettings
        {
            SynchronousMode = _synchronousMode,
            SendNonPlayerAgentsInfo = _sendNonPlayerAgentsInfo,
            QualityLevel = _qualityLevel,
            NumberOfVehicles = _numberOfVehicles,
            NumberOfPedestrians = _numberOfPedestrians,
            WeatherId = CurrentWeatherId,
            SeedVehicles = _seedVehicles,
            SeedPedestrians = _seedPedestrians,
            DisableTwoWheeledVehicles = _disableTwoWheeledVehicles,
            Sensors = Sensors(doc),
        };
    }

    private List<SensorDefinition> Sensors(IniDocument doc)
    {
        var sensors = new List<SensorDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in (doc.Get(SensorRoot, "Sensors") ?? "").Split(','))
        {
            string name = raw.Trim();
            if (name.Length == 0 || !names.Add(name))
            {
                continue; // sensors live in a map keyed by name: duplicates collapse
            }

            SensorDefinition? sensor = Sensor(doc, name);
            if (sensor is null)
            {
                continue;
            }

            try
            {
                new EpisodeSettings { Sensors = [sensor] }.Validate();
                sensors.Add(sensor);
            }
            catch (InvalidSettingsException e)
            {
                _log?.Invoke($"Sensor '{name}' dropped: {e.Message}");
            }
        }

        return sensors;
    }

    private SensorDefinition? Sensor(IniDocument doc, string name)
    {
        // A sensor "A/B" reads [CARLA/Sensor], [CARLA/Sensor/A], [CARLA/Sensor/A/B]; later sections win.
        string[] parts = name.Split('/');
        var chain = new string[parts.Length + 1];
        chain[0] = SensorRoot;
        for (int i = 0; i < parts.Length; i++)
        {
            chain[i + 1] = chain[i] + "/" + parts[i];
        }

        string? Get(string key)
        {
            for (int i = chain.Length - 1; i >= 0; i--)
            {
                if (doc.Get(chain[i], key) is string value)
                {
                    return value;
                }
            }

            return null;
        }

        float F(string key, float fallback) => Get(key) is string v ? (float)IniValues.Atof(v) : fallback;
        int I(string key, int fallback) => Get(key) is string v ? IniValues.Atoi(v) : fallback;

        string type = (Get("SensorType") ?? "").Trim();
        // Server defaults for the pose (spec §9), not the Python client's.
        float px = F("PositionX", 1.7f), py = F("PositionY", 0f), pz = F("PositionZ", 1.5f);
        float pitch = F("RotationPitch", 0f), yaw = F("RotationYaw", 0f), roll = F("RotationRoll", 0f);
        if (type.Equals("CAMERA", StringComparison.OrdinalIgnoreCase))
        {
            int w = I("ImageSizeX", 720), h = I("ImageSizeY", 512);
            string post = (Get("PostProcessing") ?? "SceneFinal").Trim();
            if (!Enum.TryParse(post, ignoreCase: true, out PostProcessing postProcessing) || !Enum.IsDefined(postProcessing) || int.TryParse(post, out _))
            {
                _log?.Invoke($"Sensor '{name}': PostProcessing '{post}' is not None, SceneFinal, Depth or SemanticSegmentation; using SceneFinal.");
                postProcessing = PostProcessing.SceneFinal;
            }

            return new CameraDefinition(name)
            {
                PositionX = px, PositionY = py, PositionZ = pz,
                RotationPitch = pitch, RotationYaw = yaw, RotationRoll = roll,
                ImageSizeX = w == 0 ? 720 : w,
                ImageSizeY = h == 0 ? 512 : h,
                Fov = F("FOV", 90f),
                PostProcessing = postProcessing,
            };
        }

        if (type.Equals("LIDAR_RAY_CAST", StringComparison.OrdinalIgnoreCase))
        {
            int channels = I("Channels", 32), pps = I("PointsPerSecond", 56000);
            return new LidarDefinition(name)
            {
                PositionX = px, PositionY = py, PositionZ = pz,
                RotationPitch = pitch, RotationYaw = yaw, RotationRoll = roll,
                Channels = channels == 0 ? 32 : channels,
                Range = F("Range", 50f),
                PointsPerSecond = pps == 0 ? 56000 : pps,
                RotationFrequency = F("RotationFrequency", 10f),
                UpperFovLimit = F("UpperFovLimit", 10f),
                LowerFovLimit = F("LowerFovLimit", -30f),
                ShowDebugPoints = Get("ShowDebugPoints") is string debug && IniValues.ToBool(debug),
            };
        }

        _log?.Invoke($"Sensor '{name}' dropped: SensorType '{type}' is not CAMERA or LIDAR_RAY_CAST.");
        return null;
    }

    private int Count(IniDocument doc, string key, int current)
    {
        int value = Int(doc, Level, key, current);
        if (value is < 0 or > EpisodeSettings.MaxAgents)
        {
            int clamped = Math.Clamp(value, 0, EpisodeSettings.MaxAgents);
            _log?.Invoke($"{key} = {value} is out of range 0..{EpisodeSettings.MaxAgents}; using {clamped}.");
            return clamped;
        }

        return value;
    }

    private static bool Bool(IniDocument doc, string section, string key, bool current) =>
        doc.Get(section, key) is string value ? IniValues.ToBool(value) : current;

    private static int Int(IniDocument doc, string section, string key, int current) =>
        doc.Get(section, key) is string value ? IniValues.Atoi(value) : current;
}
