using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using CarlaDrl.Cli.Bench;
using CarlaDrl.Driving.World;
using Spectre.Console;

namespace CarlaDrl.Cli.Commands;

/// <summary><c>carla-drl bench world</c>: world steps per second without sensors, with and without traffic.</summary>
internal static class BenchWorldCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var world = new WorldOptions();
        var steps = new Option<int>("--steps") { Description = "Timed steps per repeat.", DefaultValueFactory = _ => 200_000 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before each repeat (JIT, caches).", DefaultValueFactory = _ => 20_000 };
        var repeat = new Option<int>("--repeat") { Description = "Repeats per scenario (the table shows median and range).", DefaultValueFactory = _ => 3 };
        var cores = new Option<int>("--cores") { Description = "Pin the process to this many CPU cores (0: leave as is).", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON instead of a table." };
        var camera = new Option<string?>("--camera") { Description = "Add a camera of this size, e.g. 64x64 (mounted 2.0 m forward, 1.4 m up, FOV 90)." };
        var post = new Option<PostProcessing>("--post-processing") { Description = "The camera's post-processing: SceneFinal, Depth, SemanticSegmentation.", DefaultValueFactory = _ => PostProcessing.SceneFinal };
        var bev = new Option<string?>("--bev") { Description = "Add a bird's-eye view of this size, e.g. 64x64 (0.5 m per pixel)." };
        var lidar = new Option<bool>("--lidar") { Description = "Add a 32-channel lidar at 56,000 points/s, 10 Hz, 50 m (CARLA's defaults)." };
        var command = new Command("world", "World steps per second (autopilot driving, with the sensors asked for) for no traffic and for --vehicles/--pedestrians, plus bytes allocated per step.");
        world.AddTo(command);
        foreach (Option option in new Option[] { steps, warmup, repeat, cores, json, camera, post, bev, lidar })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            int pinned = Pin(result.GetValue(cores));
            var options = world.WorldOptionsFrom(result);
            EpisodeSettings traffic = world.SettingsFrom(result) with { Sensors = Sensors(result.GetValue(camera), result.GetValue(post), result.GetValue(bev), result.GetValue(lidar)) };
            string sensorText = traffic.Sensors.Count == 0 ? "no sensors" : string.Join(" + ", traffic.Sensors.Select(Describe));
            var scenarios = new List<(string, EpisodeSettings)>
            {
                ("no traffic", traffic with { NumberOfVehicles = 0, NumberOfPedestrians = 0 }),
                ($"{traffic.NumberOfVehicles} vehicles + {traffic.NumberOfPedestrians} pedestrians", traffic),
            };
            var rows = scenarios
                .Select(s => WorldBenchmark.Measure(options, s.Item1, s.Item2, result.GetValue(warmup), result.GetValue(steps), Math.Max(1, result.GetValue(repeat))))
                .ToList();
            if (result.GetValue(json))
            {
                System.Console.WriteLine(JsonSerializer.Serialize(new { town = options.Town, cores = pinned, hz = options.SimulationHz, sensors = sensorText, results = rows }, JsonOptions));
                return 0;
            }

            var table = new Table().AddColumns("scenario", "steps/s (median)", "range", "µs/step", "bytes/step", "gen0 GCs");
            foreach (WorldBenchmarkResult r in rows)
            {
                table.AddRow(r.Scenario, $"{r.StepsPerSecondMedian:N0}", $"{r.StepsPerSecondMin:N0} – {r.StepsPerSecondMax:N0}", $"{r.MicrosecondsPerStep:0.00}", $"{r.AllocatedBytesPerStep:0.0}", $"{r.Gen0Collections}");
            }

            AnsiConsole.MarkupLine($"bench world: {Markup.Escape(options.Town)}, {Markup.Escape(sensorText)}, {options.SimulationHz} Hz, {(pinned > 0 ? $"pinned to {pinned} core(s)" : "unpinned")}, {result.GetValue(steps):N0} steps × {result.GetValue(repeat)} repeats, .NET {Environment.Version}");
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static List<SensorDefinition> Sensors(string? camera, PostProcessing post, string? bev, bool lidar)
    {
        var sensors = new List<SensorDefinition>();
        if (camera is not null)
        {
            (int w, int h) = Size(camera, "--camera");
            sensors.Add(new CameraDefinition("Camera") { ImageSizeX = w, ImageSizeY = h, PostProcessing = post, PositionX = 2.0f, PositionZ = 1.4f });
        }

        if (bev is not null)
        {
            (int w, int h) = Size(bev, "--bev");
            sensors.Add(new BirdEyeViewDefinition("BirdEyeView") { ImageSizeX = w, ImageSizeY = h });
        }

        if (lidar)
        {
            sensors.Add(new LidarDefinition("Lidar") { PositionX = 0, PositionZ = 2.4f });
        }

        return sensors;
    }

    private static (int W, int H) Size(string text, string option)
    {
        string[] parts = text.ToLowerInvariant().Split('x');
        return parts.Length == 2 && int.TryParse(parts[0], out int w) && int.TryParse(parts[1], out int h) && w > 0 && h > 0
            ? (w, h)
            : throw new ArgumentException($"{option} '{text}' is not WIDTHxHEIGHT, e.g. 64x64.");
    }

    private static string Describe(SensorDefinition s) => s switch
    {
        CameraDefinition c => $"{c.ImageSizeX}x{c.ImageSizeY} {c.PostProcessing} camera",
        BirdEyeViewDefinition b => $"{b.ImageSizeX}x{b.ImageSizeY} bird's-eye view",
        LidarDefinition l => $"{l.Channels}-channel lidar at {l.PointsPerSecond} points/s",
        _ => s.Name,
    };

    private static int Pin(int cores)
    {
        if (cores <= 0 || !(OperatingSystem.IsLinux() || OperatingSystem.IsWindows()))
        {
            return 0;
        }

        cores = Math.Min(cores, Environment.ProcessorCount);
        Process.GetCurrentProcess().ProcessorAffinity = (nint)((1L << cores) - 1);
        return cores;
    }
}
