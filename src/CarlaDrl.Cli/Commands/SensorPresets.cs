using CarlaDrl.Driving.World;

namespace CarlaDrl.Cli.Commands;

/// <summary>Sensor definitions by short name, mounted where the seed mounted its camera (2.0 m forward, 1.4 m up).</summary>
internal static class SensorPresets
{
    public static readonly string[] Names = ["rgb", "depth", "semseg", "bev", "lidar"];

    public static List<SensorDefinition> Build(IEnumerable<string> names, int width, int height, float fov)
    {
        var list = new List<SensorDefinition>();
        foreach (string name in names)
        {
            list.Add(name.ToLowerInvariant() switch
            {
                "rgb" => Camera("CameraRGB", PostProcessing.SceneFinal),
                "depth" => Camera("CameraDepth", PostProcessing.Depth),
                "semseg" => Camera("CameraSemSeg", PostProcessing.SemanticSegmentation),
                "bev" => new BirdEyeViewDefinition("BirdEyeView") { ImageSizeX = 256, ImageSizeY = 256, MetersPerPixel = 0.25f },
                "lidar" => new LidarDefinition("Lidar") { PositionX = 0, PositionZ = 2.4f },
                _ => throw new ArgumentException($"Unknown sensor '{name}'; allowed: {string.Join(", ", Names)}."),
            });
        }

        return list;

        CameraDefinition Camera(string sensorName, PostProcessing type) => new(sensorName)
        {
            PostProcessing = type,
            ImageSizeX = width,
            ImageSizeY = height,
            Fov = fov,
            PositionX = 2.0f,
            PositionZ = 1.4f,
        };
    }
}
