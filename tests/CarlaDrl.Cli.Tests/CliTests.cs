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

    [Fact]
    public void Snapshot_writes_one_png_per_sensor_and_a_video()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"carla-drl-shots-{Guid.NewGuid():N}");
        try
        {
            ProcessResult result = ChildProcess.RunCli(Timeout, "snapshot", "--town", "Town01", "--weather", "8", "--sensors", "rgb,depth,semseg,bev,lidar", "--width", "160", "--height", "120", "--seconds", "2", "--vehicles", "5", "--pedestrians", "5", "--out", folder, "--video", "--video-seconds", "2");
            Assert.True(result.ExitCode == 0, result.ToString());
            foreach ((string name, int width, int height) in new[] { ("CameraRGB", 160, 120), ("CameraDepth", 160, 120), ("CameraSemSeg", 160, 120), ("BirdEyeView", 256, 256), ("Lidar", 400, 400) })
            {
                byte[] png = File.ReadAllBytes(Path.Combine(folder, name + ".png"));
                Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
                Assert.Equal(width, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
                Assert.Equal(height, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
            }

            var video = new FileInfo(Path.Combine(folder, "drive.mp4"));
            Assert.True(video.Exists && video.Length > 10_000, $"drive.mp4 missing or too small ({(video.Exists ? video.Length : 0)} bytes)");
            Assert.Contains("(20 frames)", result.StandardOutput);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Snapshot_rejects_an_unknown_sensor_naming_the_allowed_ones()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "snapshot", "--sensors", "rgb,thermal", "--out", Path.GetTempPath());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("thermal", result.StandardError);
        Assert.Contains("rgb, depth, semseg, bev, lidar", result.StandardError);
    }

    [Fact]
    public void Bench_world_with_a_camera_reports_the_sensor_and_zero_allocations()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "bench", "world", "--camera", "64x64", "--steps", "500", "--warmup", "200", "--repeat", "1", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument doc = JsonDocument.Parse(result.StandardOutput);
        Assert.Equal("64x64 SceneFinal camera", doc.RootElement.GetProperty("sensors").GetString());
        foreach (JsonElement row in doc.RootElement.GetProperty("results").EnumerateArray())
        {
            Assert.Equal(0, row.GetProperty("AllocatedBytesPerStep").GetDouble());
        }
    }
}
