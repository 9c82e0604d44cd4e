using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CarlaDrl.Carla.Client;
using CarlaDrl.Carla.Sensors;
using CarlaDrl.Carla.Server;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using Spectre.Console;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl bench carla</c>: what the CARLA protocol costs. Frames per second of the embedded world driven in
/// process and through <see cref="CarlaServer"/> ↔ <see cref="CarlaWorld"/> over loopback (same camera, same
/// autopilot loop, alternating repeats in one run), and the client's per-frame work on real CARLA: decoding an
/// 800×600 BGRA camera blob and shrinking it to the 64×64 RGB observation.
/// </summary>
internal static class BenchCarlaCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var world = new WorldOptions();
        var steps = new Option<int>("--steps") { Description = "Timed frames per repeat.", DefaultValueFactory = _ => 3000 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed frames before each repeat.", DefaultValueFactory = _ => 1000 };
        var repeat = new Option<int>("--repeat") { Description = "Repeats (the table shows median and range).", DefaultValueFactory = _ => 3 };
        var camera = new Option<string>("--camera") { Description = "The camera of both runs, WIDTHxHEIGHT.", DefaultValueFactory = _ => "64x64" };
        var decodeFrames = new Option<int>("--decode-frames") { Description = "Frames timed for the 800×600 decode + 64×64 observation.", DefaultValueFactory = _ => 500 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of a table." };
        var spin = new Option<double>("--spin-us") { Description = "Busy-poll time in µs before a blocking read (client frames, server controls); 0 blocks at once.", DefaultValueFactory = _ => new CarlaWorldOptions().ReadSpin.TotalMicroseconds };
        var command = new Command("carla", "Frames/s of serve-carla ↔ CarlaWorld over loopback next to the in-process world, and the time to decode an 800×600 BGRA frame into a 64×64 RGB observation.");
        world.AddTo(command);
        foreach (Option option in new Option[] { steps, warmup, repeat, camera, decodeFrames, json, spin })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            (int w, int h) = Size(result.GetValue(camera) ?? "64x64");
            EmbeddedWorldOptions options = world.WorldOptionsFrom(result);
            EpisodeSettings settings = world.SettingsFrom(result) with
            {
                Sensors = [new CameraDefinition("CameraRGB") { ImageSizeX = w, ImageSizeY = h, PositionX = 2.0f, PositionZ = 1.4f, RotationPitch = -15f }],
            };
            int n = Math.Max(1, result.GetValue(steps)), warm = Math.Max(0, result.GetValue(warmup)), repeats = Math.Max(1, result.GetValue(repeat));
            var local = new List<double>();
            var remote = new List<double>();
            TimeSpan spinTime = TimeSpan.FromMicroseconds(Math.Max(0, result.GetValue(spin)));
            using (var inProcess = new EmbeddedWorld(options))
            using (var served = new EmbeddedWorld(options))
            using (var server = new CarlaServer(served, new CarlaServerOptions { Port = 0, ControlSpin = spinTime }))
            {
                server.Start();
                using var client = new CarlaWorld(new CarlaWorldOptions { Port = server.Port, ReadSpin = spinTime });
                for (int r = 0; r < repeats; r++)
                {
                    local.Add(FramesPerSecond(inProcess, settings, r, warm, n, w, h));
                    remote.Add(FramesPerSecond(client, settings, r, warm, n, w, h));
                }
            }

            (double decodeMedian, double decodeMin, double decodeMax) = DecodeMilliseconds(options, Math.Max(10, result.GetValue(decodeFrames)), repeats);
            local.Sort();
            remote.Sort();
            double ratio = remote[remote.Count / 2] / local[local.Count / 2];
            if (result.GetValue(json))
            {
                System.Console.WriteLine(JsonSerializer.Serialize(new
                {
                    town = options.Town,
                    camera = $"{w}x{h}",
                    steps = n,
                    repeats,
                    in_process_fps = new { median = local[local.Count / 2], min = local[0], max = local[^1] },
                    loopback_fps = new { median = remote[remote.Count / 2], min = remote[0], max = remote[^1] },
                    loopback_over_in_process = ratio,
                    decode_800x600_to_64x64_ms = new { median = decodeMedian, min = decodeMin, max = decodeMax },
                }, JsonOptions));
                return 0;
            }

            var table = new Table().AddColumns("measure", "median", "range", "target");
            table.AddRow($"in-process EmbeddedWorld, {w}×{h} camera", $"{local[local.Count / 2]:N0} frames/s", $"{local[0]:N0} – {local[^1]:N0}", "");
            table.AddRow($"serve-carla ↔ CarlaWorld (loopback), {w}×{h} camera", $"{remote[remote.Count / 2]:N0} frames/s", $"{remote[0]:N0} – {remote[^1]:N0}", "");
            table.AddRow("loopback / in-process", $"{100 * ratio:0.0} %", "", "≥ 80 %");
            table.AddRow("decode 800×600 BGRA blob + 64×64 RGB observation", $"{decodeMedian:0.000} ms", $"{decodeMin:0.000} – {decodeMax:0.000} ms", "≤ 1 ms");
            AnsiConsole.MarkupLine($"bench carla: {Markup.Escape(options.Town)}, {settings.NumberOfVehicles} vehicles, {settings.NumberOfPedestrians} pedestrians, autopilot, {n:N0} frames × {repeats} repeats, .NET {Environment.Version}");
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    /// <summary>One repeat of the agent loop a task runs: read the frame, copy the RGB observation, send a control.</summary>
    private static double FramesPerSecond(IDrivingWorld world, EpisodeSettings settings, int repeat, int warmup, int steps, int w, int h)
    {
        world.NewEpisode(settings with { SeedVehicles = (settings.SeedVehicles ?? 0) + repeat, SeedPedestrians = (settings.SeedPedestrians ?? 0) + repeat });
        world.StartEpisode(repeat);
        var observation = new byte[3 * w * h];
        Run(warmup);
        long start = Stopwatch.GetTimestamp();
        Run(steps);
        return steps / Stopwatch.GetElapsedTime(start).TotalSeconds;

        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                WorldFrame frame = world.ReadFrame();
                if (frame.TryGetSensor("CameraRGB", out CameraImage image))
                {
                    image.Rgb.CopyTo(observation);
                }

                world.SendControl(frame.Measurements.PlayerMeasurements.AutopilotControl);
            }
        }
    }

    /// <summary>Per-frame cost of the client on real CARLA: decode a camera blob (800×600 BGRA) and build the 64×64 RGB observation.</summary>
    private static (double Median, double Min, double Max) DecodeMilliseconds(EmbeddedWorldOptions options, int frames, int repeats)
    {
        using var world = new EmbeddedWorld(options);
        world.NewEpisode(new EpisodeSettings { NumberOfVehicles = 10, NumberOfPedestrians = 10, SeedVehicles = 1, SeedPedestrians = 2, Sensors = [new CameraDefinition("CameraRGB") { ImageSizeX = 800, ImageSizeY = 600, Fov = 100, PositionX = 2.0f, PositionZ = 1.4f, RotationPitch = -15f }] });
        world.StartEpisode(0);
        world.TryGetFrameCamera(out CameraImage rendered);
        var blob = new byte[CameraBlob.MessageLength(800, 600)];
        CameraBlob.Encode(0x11223344, rendered, blob);
        var observation = new byte[3 * 64 * 64];
        CameraImage? image = null;
        var times = new List<double>();
        for (int r = 0; r < repeats + 1; r++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < frames; i++)
            {
                image = CameraBlob.Decode(blob.AsSpan(4), 0x11223344, "CameraRGB", image);
                ImageResizer.ResizeToRgb(image, observation, 64, 64);
            }

            if (r > 0)
            {
                times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / frames); // the first pass warms the JIT
            }
        }

        times.Sort();
        return (times[times.Count / 2], times[0], times[^1]);
    }

    private static void TryGetFrameCamera(this EmbeddedWorld world, out CameraImage image)
    {
        if (!world.ReadFrame().TryGetSensor("CameraRGB", out image))
        {
            throw new InvalidOperationException("The embedded world rendered no camera frame.");
        }
    }

    private static (int W, int H) Size(string text)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h) && w > 0 && h > 0
            ? (w, h)
            : throw new ArgumentException($"--camera '{text}' is not WIDTHxHEIGHT, e.g. 64x64.");
    }
}
