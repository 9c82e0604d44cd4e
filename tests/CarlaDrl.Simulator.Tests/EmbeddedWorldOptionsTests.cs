using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Tests.Support;
using CarlaDrl.TestKit;

namespace CarlaDrl.Simulator.Tests;

/// <summary>Building a world from options, and refusing bad settings with messages that name the field and the allowed values.</summary>
public sealed class EmbeddedWorldOptionsTests
{
    [Fact]
    public void A_weather_id_out_of_range_is_refused_naming_the_presets()
    {
        using var world = new EmbeddedWorld();
        var error = Assert.Throws<InvalidSettingsException>(() => world.NewEpisode(TestWorlds.Empty with { WeatherId = 15 }));
        Assert.Contains("WeatherId = 15", error.Message, StringComparison.Ordinal);
        Assert.Contains("0 Default", error.Message, StringComparison.Ordinal);
        Assert.Contains("14 SoftRainSunset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_vehicle_count_is_refused_with_the_range()
    {
        using var world = new EmbeddedWorld();
        var error = Assert.Throws<InvalidSettingsException>(() => world.NewEpisode(TestWorlds.Empty with { NumberOfVehicles = -1 }));
        Assert.Contains("NumberOfVehicles = -1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"0..{EpisodeSettings.MaxAgents}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_camera_without_width_is_refused_naming_the_sensor_and_the_field()
    {
        using var world = new EmbeddedWorld();
        var settings = TestWorlds.Empty with { Sensors = [new CameraDefinition("CameraRGB") { ImageSizeX = 0 }] };
        var error = Assert.Throws<InvalidSettingsException>(() => world.NewEpisode(settings));
        Assert.Contains("Sensors[0].ImageSizeX = 0", error.Message, StringComparison.Ordinal);
        Assert.Contains($"1..{CameraDefinition.MaxImageSide}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_sensor_names_are_refused()
    {
        using var world = new EmbeddedWorld();
        var settings = TestWorlds.Empty with { Sensors = [new CameraDefinition("Cam"), new CameraDefinition("Cam") { PostProcessing = PostProcessing.Depth }] };
        var error = Assert.Throws<InvalidSettingsException>(() => world.NewEpisode(settings));
        Assert.Contains("Sensors[1].Name = \"Cam\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("unique", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var world = new EmbeddedWorld();
        var error = Assert.Throws<InvalidSettingsException>(() => world.NewEpisode(TestWorlds.Empty with { WeatherId = -3, NumberOfPedestrians = 5000 }));
        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.Contains("WeatherId", StringComparison.Ordinal));
        Assert.Contains(error.Errors, e => e.Contains("NumberOfPedestrians", StringComparison.Ordinal));
    }

    [Fact]
    public void Refused_settings_leave_the_running_episode_as_it_was()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        Assert.Throws<InvalidSettingsException>(() => world.NewEpisode(TestWorlds.Empty with { WeatherId = 99 }));

        // The last good settings stay loaded, so the running episode goes on (as a CARLA server keeps its level).
        world.SendControl(VehicleControl.Neutral);
        Assert.Equal(100u, world.ReadFrame().Measurements.GameTimestamp);
    }

    [Fact]
    public void Sensors_are_listed_in_the_scene_with_unique_ids_in_the_order_given()
    {
        using var world = new EmbeddedWorld();
        SceneDescription scene = world.NewEpisode(TestWorlds.Empty with
        {
            Sensors = [new CameraDefinition("CameraRGB"), new LidarDefinition("Lidar"), new CameraDefinition("MyCamera/Depth") { PostProcessing = PostProcessing.Depth }, new BirdEyeViewDefinition("Bev")],
        });
        Assert.Equal(["CameraRGB", "Lidar", "MyCamera/Depth", "Bev"], scene.Sensors.Select(s => s.Name));
        Assert.Equal([SensorType.Camera, SensorType.LidarRayCast, SensorType.Camera, SensorType.Camera], scene.Sensors.Select(s => s.Type));
        Assert.Equal(4, scene.Sensors.Select(s => s.Id).Distinct().Count());
        world.StartEpisode(0);
        WorldFrame frame = world.ReadFrame();
        Assert.Equal(scene.Sensors.Select(s => s.Id), frame.SensorData.Select(d => d.SensorId));
    }

    [Theory]
    [InlineData("Town03")]
    [InlineData("")]
    [InlineData("procedural:abc")]
    public void An_unknown_town_is_refused_listing_the_accepted_names(string town)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new EmbeddedWorld(new EmbeddedWorldOptions { Town = town }));
        Assert.Contains($"Town = '{town}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Town01, Town02, procedural:<seed>", error.Message, StringComparison.Ordinal);
        Assert.Contains("MapPath", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.5, 5)]
    [InlineData(2000, 5)]
    [InlineData(double.NaN, 5)]
    [InlineData(10, 0)]
    [InlineData(10, 101)]
    public void Time_step_and_sub_steps_out_of_range_are_refused(double hz, int substeps)
    {
        var error = Assert.Throws<InvalidSettingsException>(() => new EmbeddedWorld(new EmbeddedWorldOptions { SimulationHz = hz, PhysicsSubsteps = substeps }));
        Assert.Contains(substeps is < 1 or > 100 ? "PhysicsSubsteps" : "SimulationHz", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_carla_planner_file_loads_as_that_town()
    {
        string path = RepositoryPaths.SharedDataPath("carla-0.8.4-planner", "Town01.txt");
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { MapPath = path, Town = "ignored" });
        SceneDescription scene = world.NewEpisode(TestWorlds.Empty);
        Assert.Equal("Town01", scene.MapName);
        Assert.Equal(152, scene.PlayerStartSpots.Count);

        // The same roads as the built-in copy of the planner file.
        using var builtIn = new EmbeddedWorld();
        SceneDescription reference = builtIn.NewEpisode(TestWorlds.Empty);
        Assert.Equal(reference.PlayerStartSpots, scene.PlayerStartSpots);

        world.StartEpisode(7);
        WorldFrame frame = world.Drive(new VehicleControl(0, 0.5f, 0), 20);
        Assert.True(frame.Player().ForwardSpeed > 1);
    }

    [Fact]
    public void A_missing_planner_file_fails_naming_the_path()
    {
        string path = Path.Combine(Path.GetTempPath(), "carladrl-no-such-town", "Town09.txt");
        var error = Assert.Throws<FileNotFoundException>(() => new EmbeddedWorld(new EmbeddedWorldOptions { MapPath = path }));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("planner", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_procedural_town_runs_with_traffic()
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "procedural:7" });
        SceneDescription scene = world.NewEpisode(TestWorlds.Busy);
        Assert.StartsWith("procedural", scene.MapName, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(scene.PlayerStartSpots);
        world.StartEpisode(0);
        var starts = world.Traffic.Vehicles.Select(v => (v.X, v.Y)).ToList();
        WorldFrame frame = world.ReadFrame();
        Driving.Geometry.Vector3D playerStart = frame.Player().Transform.Location;
        for (int i = 0; i < 300; i++)
        {
            world.SendControl(frame.Player().AutopilotControl);
            frame = world.ReadFrame();
        }

        Assert.Equal(30000u, frame.Measurements.GameTimestamp);
        Assert.Equal(30, world.Pedestrians.Pedestrians.Count);
        Assert.True(starts.Count >= 10, $"only {starts.Count} vehicles fit");
        int moved = world.Traffic.Vehicles.Count(v => Math.Abs(v.X - starts[v.Index].X) + Math.Abs(v.Y - starts[v.Index].Y) > 20);
        Assert.True(moved > starts.Count / 2, $"{moved} of {starts.Count} vehicles moved in 30 s");
        Assert.True((frame.Player().Transform.Location - playerStart).Length > 30, "the autopilot should drive the player away");

        // Another seed is another town; the same seed is the same one.
        using var other = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "procedural:8" });
        using var same = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "procedural:7" });
        Assert.NotEqual(scene.PlayerStartSpots, other.NewEpisode(TestWorlds.Empty).PlayerStartSpots);
        Assert.Equal(scene.PlayerStartSpots, same.NewEpisode(TestWorlds.Empty).PlayerStartSpots);
    }
}
