using CarlaDrl.Driving.World;
using MessagePack;

namespace CarlaDrl.Bridge.Protocol;

/// <summary>
/// A <see cref="WorldFrame"/> as the body of a <c>frame</c> message (docs/bridge-protocol.md, "Frames"): measurements,
/// the player, non-player agents when the episode asked for them, and the sensors as msgpack-numpy arrays (cameras
/// H×W×4 uint8 BGRA as CARLA streams them, lidar N×3 float32). The reader refills reused buffers: after the first
/// frame of an episode it allocates nothing but what msgpack needs for strings it has not seen.
/// </summary>
internal sealed class FrameCodec
{
    private readonly Dictionary<string, SensorData> _sensors = new(StringComparer.Ordinal);

    /// <summary>Writes the frame's fields (without a map header: the caller writes it and counts <see cref="FieldCount"/>).</summary>
    public const int FieldCount = 6;

    public static void WriteFields(ref MessagePackWriter w, WorldFrame frame)
    {
        Measurements m = frame.Measurements;
        w.Write("frame_number");
        w.Write(m.FrameNumber);
        w.Write("platform_timestamp");
        w.Write(m.PlatformTimestamp);
        w.Write("game_timestamp");
        w.Write(m.GameTimestamp);
        w.Write("player");
        WritePlayer(ref w, m.PlayerMeasurements);
        w.Write("agents");
        w.WriteArrayHeader(m.NonPlayerAgents.Count);
        foreach (NonPlayerAgent a in m.NonPlayerAgents)
        {
            w.WriteArrayHeader(7);
            w.Write(a.Id);
            w.Write((int)a.Kind);
            Wire.WriteTransform(ref w, a.Transform);
            Wire.WriteBoundingBox(ref w, a.BoundingBox);
            w.Write(a.ForwardSpeed);
            w.Write((int)a.TrafficLightState);
            w.Write(a.SpeedLimit);
        }

        w.Write("sensors");
        w.WriteArrayHeader(frame.SensorData.Count);
        foreach (SensorData data in frame.SensorData)
        {
            WriteSensor(ref w, data);
        }
    }

    private static void WritePlayer(ref MessagePackWriter w, PlayerMeasurements p)
    {
        w.WriteMapHeader(10);
        w.Write("transform");
        Wire.WriteTransform(ref w, p.Transform);
        w.Write("acceleration");
        Wire.WriteVector(ref w, p.Acceleration);
        w.Write("forward_speed");
        w.Write(p.ForwardSpeed);
        w.Write("collision_vehicles");
        w.Write(p.CollisionVehicles);
        w.Write("collision_pedestrians");
        w.Write(p.CollisionPedestrians);
        w.Write("collision_other");
        w.Write(p.CollisionOther);
        w.Write("intersection_otherlane");
        w.Write(p.IntersectionOtherLane);
        w.Write("intersection_offroad");
        w.Write(p.IntersectionOffRoad);
        w.Write("autopilot_control");
        ControlCodec.WriteArray(ref w, p.AutopilotControl);
        w.Write("bounding_box");
        Wire.WriteBoundingBox(ref w, p.BoundingBox);
    }

    private static void WriteSensor(ref MessagePackWriter w, SensorData data)
    {
        switch (data)
        {
            case CameraImage image:
                w.WriteMapHeader(7);
                WriteSensorHeader(ref w, data, "camera");
                w.Write("image");
                Wire.WriteNdArray(ref w, image.Bgra, "|u1"u8, [image.Height, image.Width, 4]);
                w.Write("post_processing");
                w.Write(image.ImageType.ToString());
                w.Write("fov");
                w.Write(image.FovDegrees);
                break;
            case LidarMeasurement scan:
                w.WriteMapHeader(7);
                WriteSensorHeader(ref w, data, "lidar");
                w.Write("points");
                Wire.WriteNdArray<float>(ref w, scan.Points.AsSpan(0, 3 * scan.PointCount), "<f4"u8, [scan.PointCount, 3]);
                w.Write("points_per_channel");
                Wire.WriteNdArray<uint>(ref w, scan.PointsPerChannel, "<u4"u8, [scan.ChannelCount]);
                w.Write("horizontal_angle");
                w.Write(scan.HorizontalAngle);
                break;
            default:
                throw new ArgumentException($"Sensor data {data.GetType().Name} has no bridge encoding.", nameof(data));
        }
    }

    private static void WriteSensorHeader(ref MessagePackWriter w, SensorData data, string type)
    {
        w.Write("type");
        w.Write(type);
        w.Write("name");
        w.Write(data.Name);
        w.Write("id");
        w.Write(data.SensorId);
        w.Write("frame_number");
        w.Write(data.FrameNumber);
    }

    private readonly List<(byte[] Utf8, string Name)> _names = [];

    /// <summary>A sensor name; names seen before are returned without allocating.</summary>
    private string ReadName(ref MessagePackReader r)
    {
        ReadOnlySpan<byte> bytes = Wire.ReadKey(ref r);
        foreach ((byte[] utf8, string name) in _names)
        {
            if (bytes.SequenceEqual(utf8))
            {
                return name;
            }
        }

        string text = Wire.KeyText(bytes);
        _names.Add((bytes.ToArray(), text));
        return text;
    }

    /// <summary>Forgets the sensor buffers (a new episode may change sizes).</summary>
    public void ResetSensors() => _sensors.Clear();

    /// <summary>Reads one field of a frame map into <paramref name="frame"/>; false when the key is not a frame field.</summary>
    public bool TryReadField(scoped ReadOnlySpan<byte> key, ref MessagePackReader r, WorldFrame frame)
    {
        Measurements m = frame.Measurements;
        if (Wire.Is(key, "frame_number"u8))
        {
            m.FrameNumber = Wire.ReadUInt(ref r, "frame_number");
        }
        else if (Wire.Is(key, "platform_timestamp"u8))
        {
            m.PlatformTimestamp = (uint)Wire.ReadUInt(ref r, "platform_timestamp");
        }
        else if (Wire.Is(key, "game_timestamp"u8))
        {
            m.GameTimestamp = (uint)Wire.ReadUInt(ref r, "game_timestamp");
        }
        else if (Wire.Is(key, "player"u8))
        {
            ReadPlayer(ref r, m.PlayerMeasurements);
        }
        else if (Wire.Is(key, "agents"u8))
        {
            ReadAgents(ref r, m.NonPlayerAgents);
        }
        else if (Wire.Is(key, "sensors"u8))
        {
            frame.ClearSensorData();
            int count = Wire.ReadArrayHeader(ref r, "sensors");
            for (int i = 0; i < count; i++)
            {
                frame.AddSensorData(ReadSensor(ref r));
            }
        }
        else
        {
            return false;
        }

        return true;
    }

    private static void ReadPlayer(ref MessagePackReader r, PlayerMeasurements p)
    {
        int n = Wire.ReadMapHeader(ref r, "player");
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "transform"u8))
            {
                p.Transform = Wire.ReadTransform(ref r, "player.transform");
            }
            else if (Wire.Is(key, "acceleration"u8))
            {
                p.Acceleration = Wire.ReadVector(ref r, "player.acceleration");
            }
            else if (Wire.Is(key, "forward_speed"u8))
            {
                p.ForwardSpeed = Wire.ReadFloat(ref r, "player.forward_speed");
            }
            else if (Wire.Is(key, "collision_vehicles"u8))
            {
                p.CollisionVehicles = Wire.ReadFloat(ref r, "player.collision_vehicles");
            }
            else if (Wire.Is(key, "collision_pedestrians"u8))
            {
                p.CollisionPedestrians = Wire.ReadFloat(ref r, "player.collision_pedestrians");
            }
            else if (Wire.Is(key, "collision_other"u8))
            {
                p.CollisionOther = Wire.ReadFloat(ref r, "player.collision_other");
            }
            else if (Wire.Is(key, "intersection_otherlane"u8))
            {
                p.IntersectionOtherLane = Wire.ReadFloat(ref r, "player.intersection_otherlane");
            }
            else if (Wire.Is(key, "intersection_offroad"u8))
            {
                p.IntersectionOffRoad = Wire.ReadFloat(ref r, "player.intersection_offroad");
            }
            else if (Wire.Is(key, "autopilot_control"u8))
            {
                p.AutopilotControl = ControlCodec.ReadArray(ref r, "player.autopilot_control");
            }
            else if (Wire.Is(key, "bounding_box"u8))
            {
                p.BoundingBox = Wire.ReadBoundingBox(ref r, "player.bounding_box");
            }
            else
            {
                r.Skip();
            }
        }
    }

    private static void ReadAgents(ref MessagePackReader r, List<NonPlayerAgent> agents)
    {
        agents.Clear();
        int count = Wire.ReadArrayHeader(ref r, "agents");
        for (int i = 0; i < count; i++)
        {
            if (Wire.ReadArrayHeader(ref r, "agents[]") != 7)
            {
                throw new BridgeProtocolException("agents[] must be [id, kind, transform, bounding_box, forward_speed, traffic_light_state, speed_limit].");
            }

            uint id = (uint)Wire.ReadUInt(ref r, "agents[].id");
            var kind = (AgentKind)Wire.ReadInt(ref r, "agents[].kind");
            var transform = Wire.ReadTransform(ref r, "agents[].transform");
            var box = Wire.ReadBoundingBox(ref r, "agents[].bounding_box");
            float speed = Wire.ReadFloat(ref r, "agents[].forward_speed");
            var light = (TrafficLightState)Wire.ReadInt(ref r, "agents[].traffic_light_state");
            float limit = Wire.ReadFloat(ref r, "agents[].speed_limit");
            agents.Add(new NonPlayerAgent(id, kind, transform, box, speed, light, limit));
        }
    }

    private SensorData ReadSensor(ref MessagePackReader r)
    {
        // A sensor map is read field by field; its array is copied into a buffer reused across frames.
        int n = Wire.ReadMapHeader(ref r, "sensors[]");
        string? type = null, name = null;
        uint id = 0;
        ulong frameNumber = 0;
        float fov = 90f, angle = 0f;
        PostProcessing post = PostProcessing.SceneFinal;
        MessagePackReader image = default, points = default, perChannel = default;
        bool hasImage = false, hasPoints = false, hasPerChannel = false;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "type"u8))
            {
                ReadOnlySpan<byte> text = Wire.ReadKey(ref r);
                type = Wire.Is(text, "camera"u8) ? "camera" : Wire.Is(text, "lidar"u8) ? "lidar" : Wire.KeyText(text);
            }
            else if (Wire.Is(key, "name"u8))
            {
                name = ReadName(ref r);
            }
            else if (Wire.Is(key, "id"u8))
            {
                id = (uint)Wire.ReadUInt(ref r, "sensors[].id");
            }
            else if (Wire.Is(key, "frame_number"u8))
            {
                frameNumber = Wire.ReadUInt(ref r, "sensors[].frame_number");
            }
            else if (Wire.Is(key, "fov"u8))
            {
                fov = Wire.ReadFloat(ref r, "sensors[].fov");
            }
            else if (Wire.Is(key, "horizontal_angle"u8))
            {
                angle = Wire.ReadFloat(ref r, "sensors[].horizontal_angle");
            }
            else if (Wire.Is(key, "post_processing"u8))
            {
                string text = Wire.ReadText(ref r, "sensors[].post_processing");
                post = Enum.TryParse(text, out PostProcessing p) ? p : throw new BridgeProtocolException($"sensors[].post_processing = '{text}' is unknown.");
            }
            else if (Wire.Is(key, "image"u8))
            {
                image = r.CreatePeekReader();
                hasImage = true;
                r.Skip();
            }
            else if (Wire.Is(key, "points"u8))
            {
                points = r.CreatePeekReader();
                hasPoints = true;
                r.Skip();
            }
            else if (Wire.Is(key, "points_per_channel"u8))
            {
                perChannel = r.CreatePeekReader();
                hasPerChannel = true;
                r.Skip();
            }
            else
            {
                r.Skip();
            }
        }

        if (name is null)
        {
            throw new BridgeProtocolException("a sensor in the frame has no name.");
        }

        if (type == "camera" && hasImage)
        {
            Span<int> shape = stackalloc int[3];
            ReadOnlySpan<byte> data = Wire.ReadNdArray(ref image, $"sensors[{name}].image", shape, out int rank, out string dtype);
            if (rank != 3 || shape[2] != 4 || dtype != "|u1" || data.Length != shape[0] * shape[1] * 4)
            {
                throw new BridgeProtocolException($"sensors[{name}].image must be an H×W×4 uint8 (|u1) BGRA array with H·W·4 bytes.");
            }

            if (!_sensors.TryGetValue(name, out SensorData? cached) || cached is not CameraImage camera
                || camera.Width != shape[1] || camera.Height != shape[0] || camera.ImageType != post || camera.SensorId != id)
            {
                camera = new CameraImage(id, name, shape[1], shape[0], post, fov);
                _sensors[name] = camera;
            }

            camera.BeginWrite(frameNumber, rgbWritten: false);
            data.CopyTo(camera.Bgra);
            return camera;
        }

        if (type == "lidar" && hasPoints && hasPerChannel)
        {
            Span<int> shape = stackalloc int[2];
            ReadOnlySpan<byte> data = Wire.ReadNdArray(ref points, $"sensors[{name}].points", shape, out int rank, out string dtype);
            int count = rank == 2 && shape[1] == 3 && dtype == "<f4" && data.Length == shape[0] * 12 ? shape[0]
                : throw new BridgeProtocolException($"sensors[{name}].points must be an N×3 float32 (<f4) array.");
            Span<int> channelShape = stackalloc int[1];
            ReadOnlySpan<byte> channels = Wire.ReadNdArray(ref perChannel, $"sensors[{name}].points_per_channel", channelShape, out int channelRank, out string channelType);
            if (channelRank != 1 || channelType != "<u4" || channels.Length != channelShape[0] * 4 || channelShape[0] == 0)
            {
                throw new BridgeProtocolException($"sensors[{name}].points_per_channel must be a 1-d uint32 (<u4) array.");
            }

            if (!_sensors.TryGetValue(name, out SensorData? cached) || cached is not LidarMeasurement scan || scan.ChannelCount != channelShape[0] || scan.SensorId != id)
            {
                scan = new LidarMeasurement(id, name, channelShape[0], count);
                _sensors[name] = scan;
            }

            scan.EnsureCapacity(count);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(data).CopyTo(scan.Points);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(channels).CopyTo(scan.PointsPerChannel);
            scan.PointCount = count;
            scan.HorizontalAngle = angle;
            scan.FrameNumber = frameNumber;
            return scan;
        }

        throw new BridgeProtocolException($"sensor '{name}' has type '{type}' without its arrays; expected camera (image) or lidar (points, points_per_channel).");
    }
}
