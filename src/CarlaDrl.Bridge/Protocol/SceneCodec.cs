using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.World;
using MessagePack;

namespace CarlaDrl.Bridge.Protocol;

/// <summary><see cref="SceneDescription"/> as a msgpack map: <c>map_name</c>, <c>player_start_spots</c> (transforms), <c>sensors</c>.</summary>
internal static class SceneCodec
{
    public static void Write(ref MessagePackWriter w, SceneDescription scene)
    {
        w.WriteMapHeader(3);
        w.Write("map_name");
        w.Write(scene.MapName);
        w.Write("player_start_spots");
        w.WriteArrayHeader(scene.PlayerStartSpots.Count);
        foreach (Transform spot in scene.PlayerStartSpots)
        {
            Wire.WriteTransform(ref w, spot);
        }

        w.Write("sensors");
        w.WriteArrayHeader(scene.Sensors.Count);
        foreach (SensorInfo sensor in scene.Sensors)
        {
            w.WriteMapHeader(3);
            w.Write("id");
            w.Write(sensor.Id);
            w.Write("type");
            w.Write(sensor.Type switch { SensorType.Camera => "camera", SensorType.LidarRayCast => "lidar", _ => "unknown" });
            w.Write("name");
            w.Write(sensor.Name);
        }
    }

    public static SceneDescription Read(ref MessagePackReader r)
    {
        int n = Wire.ReadMapHeader(ref r, "scene");
        string? map = null;
        var spots = new List<Transform>();
        var sensors = new List<SensorInfo>();
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "map_name"u8))
            {
                map = Wire.ReadText(ref r, "scene.map_name");
            }
            else if (Wire.Is(key, "player_start_spots"u8))
            {
                int count = Wire.ReadArrayHeader(ref r, "scene.player_start_spots");
                for (int s = 0; s < count; s++)
                {
                    spots.Add(Wire.ReadTransform(ref r, "scene.player_start_spots"));
                }
            }
            else if (Wire.Is(key, "sensors"u8))
            {
                int count = Wire.ReadArrayHeader(ref r, "scene.sensors");
                for (int s = 0; s < count; s++)
                {
                    sensors.Add(ReadSensor(ref r));
                }
            }
            else
            {
                r.Skip();
            }
        }

        return new SceneDescription(map ?? throw new BridgeProtocolException("scene has no map_name."), spots, sensors);
    }

    private static SensorInfo ReadSensor(ref MessagePackReader r)
    {
        int n = Wire.ReadMapHeader(ref r, "scene.sensors[]");
        uint id = 0;
        string name = "", type = "";
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "id"u8))
            {
                id = (uint)Wire.ReadUInt(ref r, "scene.sensors[].id");
            }
            else if (Wire.Is(key, "name"u8))
            {
                name = Wire.ReadText(ref r, "scene.sensors[].name");
            }
            else if (Wire.Is(key, "type"u8))
            {
                type = Wire.ReadText(ref r, "scene.sensors[].type");
            }
            else
            {
                r.Skip();
            }
        }

        return new SensorInfo(id, type switch { "camera" => SensorType.Camera, "lidar" => SensorType.LidarRayCast, _ => SensorType.Unknown }, name);
    }
}
