using System.CommandLine;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl snapshot</c>: what the agent sees, for people. Drives the autopilot for a few seconds, then writes one
/// PNG per sensor (RGB, depth as CARLA's logarithmic grey view, segmentation in CARLA's palette, bird's-eye view,
/// lidar from above); with <c>--video</c> also an MP4 of the drive.
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create()
    {
        var world = new WorldOptions();
        var sensors = new Option<string>("--sensors") { Description = "Comma-separated: rgb, depth, semseg, bev, lidar.", DefaultValueFactory = _ => "rgb,depth,semseg,bev" };
        var output = new Option<string>("--out") { Description = "Output folder (created).", DefaultValueFactory = _ => "shots" };
        var width = new Option<int>("--width") { Description = "Camera image width, px.", DefaultValueFactory = _ => 800 };
        var height = new Option<int>("--height") { Description = "Camera image height, px.", DefaultValueFactory = _ => 600 };
        var fov = new Option<float>("--fov") { Description = "Camera horizontal field of view, degrees.", DefaultValueFactory = _ => 90 };
        var start = new Option<int>("--start") { Description = "Player start spot index.", DefaultValueFactory = _ => 0 };
        var seconds = new Option<double>("--seconds") { Description = "Simulated seconds of autopilot driving before the snapshot.", DefaultValueFactory = _ => 5 };
        var video = new Option<bool>("--video") { Description = "Also write drive.mp4: the sensors side by side while the autopilot drives." };
        var videoSeconds = new Option<double>("--video-seconds") { Description = "Length of the video, simulated seconds.", DefaultValueFactory = _ => 20 };
        var command = new Command("snapshot", "Write PNGs of what the sensors see (and, with --video, an MP4 of an autopilot drive).");
        world.AddTo(command);
        foreach (Option option in new Option[] { sensors, output, width, height, fov, start, seconds, video, videoSeconds })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            string[] names = (result.GetValue(sensors) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            List<SensorDefinition> definitions = SensorPresets.Build(names, result.GetValue(width), result.GetValue(height), result.GetValue(fov));
            string folder = result.GetValue(output) ?? "shots";
            Directory.CreateDirectory(folder);
            using var embedded = new EmbeddedWorld(world.WorldOptionsFrom(result));
            EpisodeSettings settings = world.SettingsFrom(result) with { Sensors = definitions };
            embedded.NewEpisode(settings);
            embedded.StartEpisode(result.GetValue(start));
            WorldFrame frame = embedded.ReadFrame();
            int warmup = (int)Math.Round(result.GetValue(seconds) * embedded.Options.SimulationHz);
            for (int i = 0; i < warmup; i++)
            {
                embedded.SendControl(frame.Measurements.PlayerMeasurements.AutopilotControl);
                frame = embedded.ReadFrame();
            }

            foreach (SensorData data in frame.SensorData)
            {
                string file = Path.Combine(folder, $"{data.Name}.png");
                File.WriteAllBytes(file, SensorImages.ToPng(data));
                System.Console.WriteLine($"wrote {file}");
            }

            if (result.GetValue(video))
            {
                string file = Path.Combine(folder, "drive.mp4");
                int frames = VideoRecorder.RecordDrive(embedded, file, (int)Math.Round(result.GetValue(videoSeconds) * embedded.Options.SimulationHz));
                System.Console.WriteLine($"wrote {file} ({frames} frames)");
            }

            return 0;
        }));
        return command;
    }
}
