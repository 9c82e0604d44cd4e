using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Rendering;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Sensors;

/// <summary>
/// The sensors of one episode, in the order the settings list them: cameras (SceneFinal, Depth,
/// SemanticSegmentation, None), bird's-eye views and lidars, each with a stable 32-bit id (FNV-1a of its name) and a
/// reused data buffer. <see cref="Capture"/> fills every sensor for the current tick.
/// </summary>
internal sealed class SensorSuite
{
    private readonly TownLayout _layout;
    private readonly Entry[] _entries;
    private readonly DynamicScene _dynamic = new();

    public SensorSuite(TownLayout layout, IReadOnlyList<SensorDefinition> definitions, double dt)
    {
        _layout = layout;
        var used = new HashSet<uint>();
        var entries = new List<Entry>();
        foreach (SensorDefinition definition in definitions)
        {
            uint id = Fnv1a(definition.Name);
            while (!used.Add(id))
            {
                id++;
            }

            entries.Add(definition switch
            {
                CameraDefinition c => new Entry(definition, new CameraImage(id, c.Name, c.ImageSizeX, c.ImageSizeY, c.PostProcessing, c.Fov))
                {
                    Camera = new CameraRenderer(layout, c.ImageSizeX, c.ImageSizeY, c.Fov, c.PostProcessing),
                },
                BirdEyeViewDefinition b => new Entry(definition, new CameraImage(id, b.Name, b.ImageSizeX, b.ImageSizeY, PostProcessing.SceneFinal, 90))
                {
                    BirdEye = new BirdEyeViewRenderer(layout, b),
                },
                LidarDefinition l => CreateLidar(l, id, dt),
                _ => throw new InvalidSettingsException($"Sensor '{definition.Name}' has unsupported type {definition.GetType().Name}."),
            });
        }

        _entries = [.. entries];
        Infos = _entries.Select(e => new SensorInfo(e.Data.SensorId, e.Definition.Type, e.Definition.Name)).ToArray();
    }

    public IReadOnlyList<SensorInfo> Infos { get; }

    public int Count => _entries.Length;

    /// <summary>Starts a new episode (lidar heads back to angle 0).</summary>
    public void Reset()
    {
        foreach (Entry e in _entries)
        {
            e.Lidar?.Reset();
        }
    }

    /// <summary>Renders and scans every sensor for the current state and adds the data to <paramref name="frame"/>.</summary>
    public void Capture(
        in VehicleState player,
        VehicleParameters vehicle,
        TrafficManager traffic,
        PedestrianManager pedestrians,
        TrafficLightSystem lights,
        SceneLighting lighting,
        Route? route,
        double routeDistance,
        ulong frameNumber,
        WorldFrame frame)
    {
        _dynamic.Clear();
        _dynamic.AddVehicle(player.X, player.Y, player.YawRadians, vehicle.HalfLengthMeters, vehicle.HalfWidthMeters, vehicle.HalfHeightMeters, 0.05, false);
        int playerBoxes = _dynamic.Count;
        foreach (TrafficVehicle v in traffic.VehicleList)
        {
            _dynamic.AddVehicle(v.X, v.Y, v.Yaw, v.HalfLength, v.HalfWidth, v.HalfHeight, v.Shade, v.TwoWheeled);
        }

        foreach (Pedestrian p in pedestrians.PedestrianList)
        {
            _dynamic.AddPedestrian(p.X, p.Y, p.Yaw, p.Shade, p.State == PedestrianState.Down);
        }

        foreach (Entry e in _entries)
        {
            if (e.Camera is not null)
            {
                var image = (CameraImage)e.Data;
                bool rgb = e.Camera.Type is PostProcessing.SceneFinal or PostProcessing.None;
                Span<byte> rgbBuffer = image.BeginWrite(frameNumber, rgb);
                CameraPose pose = CameraPose.Mounted(player.X, player.Y, player.YawRadians, e.Definition);
                e.Camera.Render(pose, _dynamic, lights, lighting, frameNumber, image.Bgra, rgbBuffer);
            }
            else if (e.BirdEye is not null)
            {
                var image = (CameraImage)e.Data;
                Span<byte> rgbBuffer = image.BeginWrite(frameNumber, true);
                e.BirdEye.Render(player.X, player.Y, player.YawRadians, vehicle.HalfLengthMeters, vehicle.HalfWidthMeters, traffic, pedestrians, lights, route, routeDistance, image.Bgra, rgbBuffer);
            }
            else if (e.Lidar is not null)
            {
                var scan = (LidarMeasurement)e.Data;
                SensorDefinition m = e.Definition;
                double c = Math.Cos(player.YawRadians), s = Math.Sin(player.YawRadians);
                double x = player.X + (m.PositionX * c) - (m.PositionY * s), y = player.Y + (m.PositionX * s) + (m.PositionY * c);
                double yaw = (player.YawRadians * 180 / Math.PI) + m.RotationYaw;
                e.Lidar.Scan(x, y, m.PositionZ, yaw, StaticScene.For(_layout).Boxes, _dynamic.Boxes, 0, playerBoxes, scan);
                scan.FrameNumber = frameNumber;
            }

            frame.AddSensorData(e.Data);
        }
    }

    private static Entry CreateLidar(LidarDefinition l, uint id, double dt)
    {
        var simulator = new LidarSimulator(l, dt);
        return new Entry(l, new LidarMeasurement(id, l.Name, l.Channels, simulator.MaxPoints)) { Lidar = simulator };
    }

    private static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    private sealed class Entry(SensorDefinition definition, SensorData data)
    {
        public SensorDefinition Definition { get; } = definition;

        public SensorData Data { get; } = data;

        public CameraRenderer? Camera { get; init; }

        public BirdEyeViewRenderer? BirdEye { get; init; }

        public LidarSimulator? Lidar { get; init; }
    }
}
