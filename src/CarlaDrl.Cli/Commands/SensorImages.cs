using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Rendering;

namespace CarlaDrl.Cli.Commands;

/// <summary>Sensor data as pictures for people (spec §8 display conventions).</summary>
internal static class SensorImages
{
    /// <summary>CARLA's segmentation palette (image_converter.py), by label.</summary>
    private static readonly (byte R, byte G, byte B)[] SegmentationPalette =
    [
        (0, 0, 0), (70, 70, 70), (190, 153, 153), (72, 0, 90), (220, 20, 60), (153, 153, 153), (157, 234, 50),
        (128, 64, 128), (244, 35, 232), (107, 142, 35), (0, 0, 255), (102, 102, 156), (220, 220, 0),
    ];

    public static byte[] ToPng(SensorData data)
    {
        (byte[] rgb, int w, int h) = ToRgb(data);
        return PngEncoder.EncodeRgb(rgb, w, h);
    }

    /// <summary>An RGB picture of the sensor data: as is, depth in CARLA's log grey view, labels in CARLA's palette, lidar from above.</summary>
    public static (byte[] Rgb, int Width, int Height) ToRgb(SensorData data)
    {
        switch (data)
        {
            case CameraImage { ImageType: PostProcessing.Depth } depth:
                {
                    var rgb = new byte[3 * depth.Width * depth.Height];
                    for (int y = 0, i = 0; y < depth.Height; y++)
                    {
                        for (int x = 0; x < depth.Width; x++, i += 3)
                        {
                            double normalized = depth.DepthMetersAt(x, y) / 1000.0;
                            double log = Math.Clamp(1 + (Math.Log(Math.Max(normalized, 1e-9)) / 5.70378), 0, 1);
                            rgb[i] = rgb[i + 1] = rgb[i + 2] = (byte)Math.Round(log * 255);
                        }
                    }

                    return (rgb, depth.Width, depth.Height);
                }

            case CameraImage { ImageType: PostProcessing.SemanticSegmentation } labels:
                {
                    var rgb = new byte[3 * labels.Width * labels.Height];
                    for (int y = 0, i = 0; y < labels.Height; y++)
                    {
                        for (int x = 0; x < labels.Width; x++, i += 3)
                        {
                            byte label = labels.LabelAt(x, y);
                            (byte r, byte g, byte b) = label < SegmentationPalette.Length ? SegmentationPalette[label] : ((byte)255, (byte)255, (byte)255);
                            (rgb[i], rgb[i + 1], rgb[i + 2]) = (r, g, b);
                        }
                    }

                    return (rgb, labels.Width, labels.Height);
                }

            case CameraImage image:
                return (image.Rgb.ToArray(), image.Width, image.Height);

            case LidarMeasurement lidar:
                return LidarTopDown(lidar, 400, 0.25);

            default:
                throw new ArgumentException($"No picture for sensor data of type {data.GetType().Name}.", nameof(data));
        }
    }

    /// <summary>Lidar points from above (lidar at the centre, its forward up), coloured by height.</summary>
    private static (byte[] Rgb, int Width, int Height) LidarTopDown(LidarMeasurement lidar, int size, double metersPerPixel)
    {
        var rgb = new byte[3 * size * size];
        for (int k = 0; k < lidar.PointCount; k++)
        {
            // Points are (lidar − hit) rotated by 90° − yaw: −y is forward, +x is right (spec §7).
            float px = lidar.Points[3 * k], py = lidar.Points[(3 * k) + 1], pz = lidar.Points[(3 * k) + 2];
            int x = (int)((size / 2) + (px / metersPerPixel)), y = (int)((size / 2) + (py / metersPerPixel));
            if ((uint)x < (uint)size && (uint)y < (uint)size)
            {
                double height = Math.Clamp(-pz / 4.0, -1, 1); // hit above the lidar → positive
                int i = 3 * ((y * size) + x);
                rgb[i] = (byte)(128 + (127 * height));
                rgb[i + 1] = 220;
                rgb[i + 2] = (byte)(128 - (127 * height));
            }
        }

        return (rgb, size, size);
    }
}
