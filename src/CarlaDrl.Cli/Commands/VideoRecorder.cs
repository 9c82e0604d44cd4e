using CarlaDrl.Cli.Viewer;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using OpenCvSharp;

namespace CarlaDrl.Cli.Commands;

/// <summary>Records an autopilot drive as a video (<see cref="VideoFiles"/>): every sensor's picture side by side, 10 frames per simulated second.</summary>
internal static class VideoRecorder
{
    public const int Height = 300;

    public static int RecordDrive(EmbeddedWorld world, string path, int frames)
    {
        WorldFrame frame = world.ReadFrame();
        VideoWriter? video = null;
        try
        {
            for (int k = 0; k < frames; k++)
            {
                using Mat composed = Compose(frame);
                if (video is null)
                {
                    video = VideoFiles.Open(path, world.Options.SimulationHz, composed.Size());
                }

                video.Write(composed);
                world.SendControl(frame.Measurements.PlayerMeasurements.AutopilotControl);
                frame = world.ReadFrame();
            }

            return frames;
        }
        finally
        {
            video?.Release();
            video?.Dispose();
        }
    }

    private static Mat Compose(WorldFrame frame)
    {
        var parts = new List<Mat>();
        try
        {
            foreach (SensorData data in frame.SensorData)
            {
                (byte[] rgb, int w, int h) = SensorImages.ToRgb(data);
                using Mat picture = Mat.FromPixelData(h, w, MatType.CV_8UC3, rgb);
                using var bgr = new Mat();
                Cv2.CvtColor(picture, bgr, ColorConversionCodes.RGB2BGR);
                var scaled = new Mat();
                Cv2.Resize(bgr, scaled, new Size(Math.Max(1, w * Height / h), Height), 0, 0, InterpolationFlags.Nearest);
                parts.Add(scaled);
            }

            if (parts.Count == 0)
            {
                throw new InvalidOperationException("No sensor data to record: give at least one sensor.");
            }

            var composed = new Mat();
            Cv2.HConcat(parts.ToArray(), composed);
            return composed;
        }
        finally
        {
            foreach (Mat m in parts)
            {
                m.Dispose();
            }
        }
    }
}
