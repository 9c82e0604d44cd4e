using System.Text.Json;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary>The <c>carla-drl</c> command as a real child process.</summary>
public sealed class CliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void Help_lists_the_commands()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("drive", result.StandardOutput);
        Assert.Contains("bench", result.StandardOutput);
    }

    [Fact]
    public void Drive_prints_live_stats_and_a_summary()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--town", "Town01", "--seconds", "60", "--every", "20", "--vehicles", "5", "--pedestrians", "5");
        Assert.True(result.ExitCode == 0, result.ToString());
        string[] statusLines = result.StandardOutput.Split('\n').Where(l => l.Contains("sim time", StringComparison.Ordinal)).ToArray();
        Assert.True(statusLines.Length >= 3, result.ToString()); // t = 0, 20, 40, 60 s
        Assert.Contains(statusLines, l => l.Contains("speed", StringComparison.Ordinal) && l.Contains("collisions", StringComparison.Ordinal) && l.Contains("off road", StringComparison.Ordinal) && l.Contains("frames/s", StringComparison.Ordinal));
        Assert.Matches(@"Done: 600 frames .* km driven", result.StandardOutput);
        double km = double.Parse(System.Text.RegularExpressions.Regex.Match(result.StandardOutput, @"([0-9.]+) km driven").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(km > 0.1, $"the autopilot should have driven more than 100 m in 60 s, drove {km} km");
    }

    [Fact]
    public void Drive_with_constant_control_moves_the_car()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--control", "constant", "--throttle", "0.3", "--seconds", "5", "--every", "5", "--vehicles", "0", "--pedestrians", "0");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("constant control", result.StandardOutput);
    }

    [Fact]
    public void Drive_routes_reports_the_completion_rate_and_writes_json()
    {
        string json = Path.Combine(Path.GetTempPath(), $"carla-drl-routes-{Guid.NewGuid():N}.json");
        try
        {
            ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--routes", "3", "--seed", "4", "--json", json);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Matches(@"Completed without collision or off-road: \d+/3 \(", result.StandardOutput);
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(json));
            Assert.Equal(3, doc.RootElement.GetProperty("results").GetArrayLength());
            double rate = doc.RootElement.GetProperty("successRate").GetDouble();
            Assert.InRange(rate, 0, 1);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public void Bench_world_json_reports_both_scenarios_with_zero_allocations()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "bench", "world", "--steps", "3000", "--warmup", "3000", "--repeat", "1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument doc = JsonDocument.Parse(result.StandardOutput);
        JsonElement rows = doc.RootElement.GetProperty("results");
        Assert.Equal(2, rows.GetArrayLength());
        foreach (JsonElement row in rows.EnumerateArray())
        {
            Assert.True(row.GetProperty("StepsPerSecondMedian").GetDouble() > 0);
            Assert.Equal(0, row.GetProperty("AllocatedBytesPerStep").GetDouble());
        }

        Assert.Equal(20, rows[1].GetProperty("Vehicles").GetInt32());
        Assert.Equal(30, rows[1].GetProperty("Pedestrians").GetInt32());
    }

    [Theory]
    [InlineData("Town03", "Town01, Town02")]
    [InlineData("procedural:x", "procedural:<seed>")]
    public void An_unknown_town_fails_naming_the_allowed_ones(string town, string expected)
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--town", town, "--seconds", "1");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Town", result.StandardError);
        Assert.Contains(expected, result.StandardError);
    }

    [Fact]
    public void A_weather_out_of_range_fails_naming_the_field_and_the_presets()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--weather", "15", "--seconds", "1");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("WeatherId = 15", result.StandardError);
        Assert.Contains("14 SoftRainSunset", result.StandardError);
    }

    [Fact]
    public void A_missing_map_file_fails_with_a_clear_message()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--map", "/nonexistent/Town09", "--seconds", "1");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("/nonexistent/Town09", result.StandardError);
        Assert.Contains("planner", result.StandardError);
    }

    [Fact]
    public void The_shared_Town01_planner_file_loads_with_map()
    {
        string map = RepositoryPaths.SharedDataPath("carla-0.8.4-planner", "Town01.txt");
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--map", map, "--seconds", "5", "--every", "5", "--vehicles", "2", "--pedestrians", "2");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("embedded Town01", result.StandardOutput);
    }
}
