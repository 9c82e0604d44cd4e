using CarlaDrl.Driving.World;
using MessagePack;

namespace CarlaDrl.Bridge.Protocol;

/// <summary>
/// <see cref="EpisodeSettings"/> as a msgpack map with snake_case keys (docs/bridge-protocol.md, "Settings"). Missing
/// keys take the defaults of <see cref="EpisodeSettings"/>; an unknown key is an error that names it.
/// </summary>
internal static class SettingsCodec
{
    public static void Write(ref MessagePackWriter w, EpisodeSettings s)
    {
        w.WriteMapHeader(10);
        w.Write("synchronous_mode");
        w.Write(s.SynchronousMode);
        w.Write("send_non_player_agents_info");
        w.Write(s.SendNonPlayerAgentsInfo);
        w.Write("number_of_vehicles");
        w.Write(s.NumberOfVehicles);
        w.Write("number_of_pedestrians");
        w.Write(s.NumberOfPedestrians);
        w.Write("weather_id");
        w.Write(s.WeatherId);
        w.Write("seed_vehicles");
        WriteNullable(ref w, s.SeedVehicles);
        w.Write("seed_pedestrians");
        WriteNullable(ref w, s.SeedPedestrians);
        w.Write("quality_level");
        w.Write(s.QualityLevel.ToString());
        w.Write("disable_two_wheeled_vehicles");
        w.Write(s.DisableTwoWheeledVehicles);
        w.Write("sensors");
        w.WriteArrayHeader(s.Sensors.Count);
        foreach (SensorDefinition sensor in s.Sensors)
        {
            WriteSensor(ref w, sensor);
        }
    }

    public static EpisodeSettings Read(ref MessagePackReader r)
    {
        var s = new EpisodeSettings();
        int n = Wire.ReadMapHeader(ref r, "settings");
        for (int i = 0; i < n; i++)
        {
            string key = Wire.KeyText(Wire.ReadKey(ref r));
            s = key switch
            {
                "synchronous_mode" => s with { SynchronousMode = Wire.ReadBool(ref r, key) },
                "send_non_player_agents_info" => s with { SendNonPlayerAgentsInfo = Wire.ReadBool(ref r, key) },
                "number_of_vehicles" => s with { NumberOfVehicles = (int)Wire.ReadInt(ref r, key) },
                "number_of_pedestrians" => s with { NumberOfPedestrians = (int)Wire.ReadInt(ref r, key) },
                "weather_id" => s with { WeatherId = (int)Wire.ReadInt(ref r, key) },
                "seed_vehicles" => s with { SeedVehicles = ReadNullable(ref r, key) },
                "seed_pedestrians" => s with { SeedPedestrians = ReadNullable(ref r, key) },
                "quality_level" => s with { QualityLevel = ReadQuality(ref r, key) },
                "disable_two_wheeled_vehicles" => s with { DisableTwoWheeledVehicles = Wire.ReadBool(ref r, key) },
                "sensors" => s with { Sensors = ReadSensors(ref r) },
                _ => throw new BridgeProtocolException($"settings.{key} is unknown; allowed: synchronous_mode, send_non_player_agents_info, number_of_vehicles, number_of_pedestrians, weather_id, seed_vehicles, seed_pedestrians, quality_level, disable_two_wheeled_vehicles, sensors."),
            };
        }

        return s;
    }

    private static void WriteSensor(ref MessagePackWriter w, SensorDefinition sensor)
    {
        (int extra, string type) = sensor switch
        {
            CameraDefinition => (3, "camera"),
            LidarDefinition => (6, "lidar"),
            BirdEyeViewDefinition => (3, "bird_eye_view"),
            _ => throw new ArgumentException($"Sensor type {sensor.GetType().Name} has no bridge encoding.", nameof(sensor)),
        };
        w.WriteMapHeader(4 + extra);
        w.Write("type");
        w.Write(type);
        w.Write("name");
        w.Write(sensor.Name);
        w.Write("position");
        Wire.WriteFloats(ref w, [sensor.PositionX, sensor.PositionY, sensor.PositionZ]);
        w.Write("rotation");
        Wire.WriteFloats(ref w, [sensor.RotationPitch, sensor.RotationYaw, sensor.RotationRoll]);
        switch (sensor)
        {
            case CameraDefinition c:
                w.Write("post_processing");
                w.Write(c.PostProcessing.ToString());
                w.Write("image_size");
                w.WriteArrayHeader(2);
                w.Write(c.ImageSizeX);
                w.Write(c.ImageSizeY);
                w.Write("fov");
                w.Write(c.Fov);
                break;
            case LidarDefinition l:
                w.Write("channels");
                w.Write(l.Channels);
                w.Write("range");
                w.Write(l.Range);
                w.Write("points_per_second");
                w.Write(l.PointsPerSecond);
                w.Write("rotation_frequency");
                w.Write(l.RotationFrequency);
                w.Write("upper_fov_limit");
                w.Write(l.UpperFovLimit);
                w.Write("lower_fov_limit");
                w.Write(l.LowerFovLimit);
                break;
            case BirdEyeViewDefinition b:
                w.Write("image_size");
                w.WriteArrayHeader(2);
                w.Write(b.ImageSizeX);
                w.Write(b.ImageSizeY);
                w.Write("meters_per_pixel");
                w.Write(b.MetersPerPixel);
                w.Write("ego_from_bottom");
                w.Write(b.EgoFromBottom);
                break;
        }
    }

    private static List<SensorDefinition> ReadSensors(ref MessagePackReader r)
    {
        int count = Wire.ReadArrayHeader(ref r, "settings.sensors");
        var sensors = new List<SensorDefinition>(count);
        for (int i = 0; i < count; i++)
        {
            sensors.Add(ReadSensor(ref r, $"settings.sensors[{i}]"));
        }

        return sensors;
    }

    private static SensorDefinition ReadSensor(ref MessagePackReader r, string path)
    {
        // Fields are collected first: "type" need not come before the others.
        int n = Wire.ReadMapHeader(ref r, path);
        string? type = null, name = null, post = null;
        Span<float> position = [0.2f, 0f, 1.3f];
        Span<float> rotation = [0f, 0f, 0f];
        var numbers = new Dictionary<string, float>(StringComparer.Ordinal);
        int[]? size = null;
        Span<float> xy = stackalloc float[2];
        for (int i = 0; i < n; i++)
        {
            string key = Wire.KeyText(Wire.ReadKey(ref r));
            switch (key)
            {
                case "type": type = Wire.ReadText(ref r, $"{path}.type"); break;
                case "name": name = Wire.ReadText(ref r, $"{path}.name"); break;
                case "position": Wire.ReadFloats(ref r, position, $"{path}.position"); break;
                case "rotation": Wire.ReadFloats(ref r, rotation, $"{path}.rotation"); break;
                case "post_processing": post = Wire.ReadText(ref r, $"{path}.post_processing"); break;
                case "image_size":
                    Wire.ReadFloats(ref r, xy, $"{path}.image_size");
                    size = [(int)xy[0], (int)xy[1]];
                    break;
                case "fov" or "channels" or "range" or "points_per_second" or "rotation_frequency" or "upper_fov_limit" or "lower_fov_limit" or "meters_per_pixel" or "ego_from_bottom":
                    numbers[key] = Wire.ReadFloat(ref r, $"{path}.{key}");
                    break;
                default:
                    throw new BridgeProtocolException($"{path}.{key} is unknown; allowed: type, name, position, rotation, and per type post_processing, image_size, fov (camera); channels, range, points_per_second, rotation_frequency, upper_fov_limit, lower_fov_limit (lidar); image_size, meters_per_pixel, ego_from_bottom (bird_eye_view).");
            }
        }

        if (name is null)
        {
            throw new BridgeProtocolException($"{path} has no name.");
        }

        float Get(string key, float fallback) => numbers.TryGetValue(key, out float v) ? v : fallback;
        SensorDefinition sensor = type switch
        {
            "camera" => new CameraDefinition(name)
            {
                PostProcessing = post is null ? PostProcessing.SceneFinal
                    : Enum.TryParse(post, ignoreCase: true, out PostProcessing p) ? p
                    : throw new BridgeProtocolException($"{path}.post_processing = '{post}' is unknown; allowed: None, SceneFinal, Depth, SemanticSegmentation."),
                ImageSizeX = size?[0] ?? 720,
                ImageSizeY = size?[1] ?? 512,
                Fov = Get("fov", 90f),
            },
            "lidar" => new LidarDefinition(name)
            {
                Channels = (int)Get("channels", 32),
                Range = Get("range", 50f),
                PointsPerSecond = (int)Get("points_per_second", 56000),
                RotationFrequency = Get("rotation_frequency", 10f),
                UpperFovLimit = Get("upper_fov_limit", 10f),
                LowerFovLimit = Get("lower_fov_limit", -30f),
            },
            "bird_eye_view" => new BirdEyeViewDefinition(name)
            {
                ImageSizeX = size?[0] ?? 64,
                ImageSizeY = size?[1] ?? 64,
                MetersPerPixel = Get("meters_per_pixel", 0.5f),
                EgoFromBottom = Get("ego_from_bottom", 0.25f),
            },
            _ => throw new BridgeProtocolException($"{path}.type = '{type}' is unknown; allowed: camera, lidar, bird_eye_view."),
        };
        return sensor with
        {
            PositionX = position[0],
            PositionY = position[1],
            PositionZ = position[2],
            RotationPitch = rotation[0],
            RotationYaw = rotation[1],
            RotationRoll = rotation[2],
        };
    }

    private static void WriteNullable(ref MessagePackWriter w, int? value)
    {
        if (value is int v)
        {
            w.Write(v);
        }
        else
        {
            w.WriteNil();
        }
    }

    private static int? ReadNullable(ref MessagePackReader r, string key) => Wire.TryReadNil(ref r) ? null : (int)Wire.ReadInt(ref r, key);

    private static QualityLevel ReadQuality(ref MessagePackReader r, string key)
    {
        string text = Wire.ReadText(ref r, key);
        return Enum.TryParse(text, ignoreCase: true, out QualityLevel q) && Enum.IsDefined(q)
            ? q
            : throw new BridgeProtocolException($"settings.quality_level = '{text}' is unknown; allowed: Low, Medium, High, Epic.");
    }
}
