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
        var command = new Command("world", "World steps per second (autopilot driving, no sensors) for no traffic and for --vehicles/--pedestrians, plus bytes allocated per step.");
        world.AddTo(command);
        foreach (Option option in new Option[] { steps, warmup, repeat, cores, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() =>
        {
            int pinned = Pin(result.GetValue(cores));
            var options = world.WorldOptionsFrom(result);
            EpisodeSettings traffic = world.SettingsFrom(result);
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
                System.Console.WriteLine(JsonSerializer.Serialize(new { town = options.Town, cores = pinned, hz = options.SimulationHz, results = rows }, JsonOptions));
                return 0;
            }

            var table = new Table().AddColumns("scenario", "steps/s (median)", "range", "µs/step", "bytes/step", "gen0 GCs");
            foreach (WorldBenchmarkResult r in rows)
            {
                table.AddRow(r.Scenario, $"{r.StepsPerSecondMedian:N0}", $"{r.StepsPerSecondMin:N0} – {r.StepsPerSecondMax:N0}", $"{r.MicrosecondsPerStep:0.00}", $"{r.AllocatedBytesPerStep:0.0}", $"{r.Gen0Collections}");
            }

            AnsiConsole.MarkupLine($"bench world: {Markup.Escape(options.Town)}, {options.SimulationHz} Hz, {(pinned > 0 ? $"pinned to {pinned} core(s)" : "unpinned")}, {result.GetValue(steps):N0} steps × {result.GetValue(repeat)} repeats, .NET {Environment.Version}");
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

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
