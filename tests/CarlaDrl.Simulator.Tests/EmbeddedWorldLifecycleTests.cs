using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Tests.Support;

namespace CarlaDrl.Simulator.Tests;

/// <summary>The episode flow of spec §5: NewEpisode → SceneDescription, StartEpisode, then frames and controls.</summary>
public sealed class EmbeddedWorldLifecycleTests
{
    [Fact]
    public void Frames_and_controls_before_an_episode_starts_are_refused_with_the_steps_to_take()
    {
        using var world = new EmbeddedWorld();
        AssertNotRunning(Assert.Throws<InvalidOperationException>(() => world.ReadFrame()));
        AssertNotRunning(Assert.Throws<InvalidOperationException>(() => world.SendControl(VehicleControl.Neutral)));

        // Loading settings is not enough: the player is not spawned yet.
        world.NewEpisode(TestWorlds.Empty);
        AssertNotRunning(Assert.Throws<InvalidOperationException>(() => world.ReadFrame()));
        AssertNotRunning(Assert.Throws<InvalidOperationException>(() => world.SendControl(VehicleControl.Neutral)));
        AssertNotRunning(Assert.Throws<InvalidOperationException>(() => world.PlacePlayer(0, 0, 0)));

        world.StartEpisode(0);
        Assert.NotNull(world.ReadFrame());

        // A new episode ends the running one until it is started.
        world.NewEpisode(TestWorlds.Empty);
        AssertNotRunning(Assert.Throws<InvalidOperationException>(() => world.ReadFrame()));

        static void AssertNotRunning(InvalidOperationException error)
        {
            Assert.Contains("NewEpisode", error.Message, StringComparison.Ordinal);
            Assert.Contains("StartEpisode", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Starting_an_episode_before_loading_settings_is_refused()
    {
        using var world = new EmbeddedWorld();
        var error = Assert.Throws<InvalidOperationException>(() => world.StartEpisode(0));
        Assert.Contains("NewEpisode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disposed_world_refuses_every_call()
    {
        var world = TestWorlds.Started();
        world.Dispose();
        Assert.Throws<ObjectDisposedException>(() => world.ReadFrame());
        Assert.Throws<ObjectDisposedException>(() => world.SendControl(VehicleControl.Neutral));
        Assert.Throws<ObjectDisposedException>(() => world.NewEpisode(TestWorlds.Empty));
        Assert.Throws<ObjectDisposedException>(() => world.StartEpisode(0));
    }

    [Theory]
    [InlineData(152)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void An_out_of_range_start_index_uses_spot_zero_and_warns(int index)
    {
        var warnings = new List<string>();
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Warning = warnings.Add });
        SceneDescription scene = world.NewEpisode(TestWorlds.Empty);
        world.StartEpisode(index);

        var location = world.ReadFrame().Player().Transform.Location;
        Assert.Equal(scene.PlayerStartSpots[0].Location.X, location.X, 1e-3);
        Assert.Equal(scene.PlayerStartSpots[0].Location.Y, location.Y, 1e-3);
        string warning = Assert.Single(warnings);
        Assert.Contains(index.ToString(System.Globalization.CultureInfo.InvariantCulture), warning, StringComparison.Ordinal);
        Assert.Contains("0..151", warning, StringComparison.Ordinal);
        Assert.Contains("using 0", warning, StringComparison.Ordinal);

        // A valid index warns nothing and puts the car on that spot.
        world.NewEpisode(TestWorlds.Empty);
        world.StartEpisode(151);
        Assert.Single(warnings);
        Assert.Equal(scene.PlayerStartSpots[151].Location.X, world.ReadFrame().Player().Transform.Location.X, 1e-3);
    }

    [Theory]
    [InlineData("Town01", 152)]
    [InlineData("Town02", 83)]
    [InlineData("town02", 83)]
    public void The_scene_names_the_map_and_lists_the_levels_start_spots(string town, int spots)
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = town });
        SceneDescription scene = world.NewEpisode(TestWorlds.Empty);
        Assert.Equal(town.Equals("town02", StringComparison.Ordinal) ? "Town02" : town, scene.MapName);
        Assert.Equal(spots, scene.PlayerStartSpots.Count);
        Assert.Empty(scene.Sensors);
        Assert.Equal($"embedded {scene.MapName}", world.Description);
        foreach (var spot in scene.PlayerStartSpots)
        {
            // The deprecated orientation is filled: the unit forward vector of the rotation (spec §12.12).
            Assert.Equal(1, spot.Orientation.Length, 1e-5);
            Assert.Equal(spot.Rotation.Forward, spot.Orientation);
            Assert.Equal(TownMap.StartSpotHeightMeters, spot.Location.Z, 1e-6);
        }
    }

    [Fact]
    public void Every_start_index_spawns_the_player_on_that_spot_at_rest()
    {
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town02" });
        SceneDescription scene = world.NewEpisode(TestWorlds.Empty);
        for (int i = 0; i < scene.PlayerStartSpots.Count; i++)
        {
            world.StartEpisode(i);
            PlayerMeasurements pm = world.ReadFrame().Player();
            Assert.Equal(scene.PlayerStartSpots[i].Location.X, pm.Transform.Location.X, 1e-3);
            Assert.Equal(scene.PlayerStartSpots[i].Location.Y, pm.Transform.Location.Y, 1e-3);
            Assert.Equal(0, Driving.Geometry.Angles.WrapDegrees(scene.PlayerStartSpots[i].Rotation.YawDegrees - pm.Transform.Rotation.YawDegrees), 1e-3);
            Assert.Equal(0, pm.ForwardSpeed);
        }
    }

    [Theory]
    [InlineData(10, 100)]
    [InlineData(30, 33)]
    [InlineData(15, 67)]
    [InlineData(1000, 1)]
    public void Game_time_starts_at_zero_each_episode_and_grows_by_the_rounded_tick(double hz, int tickMilliseconds)
    {
        using EmbeddedWorld world = TestWorlds.Started(options: new EmbeddedWorldOptions { SimulationHz = hz });
        for (int episode = 0; episode < 2; episode++)
        {
            Assert.Equal(0u, world.ReadFrame().Measurements.GameTimestamp);
            for (int i = 1; i <= 25; i++)
            {
                world.SendControl(new VehicleControl(0, 0.5f, 0));
                Assert.Equal((uint)(i * tickMilliseconds), world.ReadFrame().Measurements.GameTimestamp);
            }

            Assert.Equal(25 / hz, world.EpisodeSeconds, 1e-9);
            world.NewEpisode(TestWorlds.Empty);
            world.StartEpisode(1);
        }
    }

    [Fact]
    public void Synchronous_mode_advances_one_tick_per_control_only()
    {
        using EmbeddedWorld world = TestWorlds.Started(TestWorlds.Busy with { SynchronousMode = true });
        WorldFrame first = world.ReadFrame();
        byte[] bytes = MeasurementBytes.Of(first.Measurements);
        ulong number = first.Measurements.FrameNumber;

        // Reading again without a control returns the same frame.
        WorldFrame again = world.ReadFrame();
        Assert.Equal(number, again.Measurements.FrameNumber);
        Assert.Equal(bytes, MeasurementBytes.Of(again.Measurements));

        for (int i = 1; i <= 5; i++)
        {
            world.SendControl(VehicleControl.Neutral);
            Assert.Equal(number + (ulong)i, world.ReadFrame().Measurements.FrameNumber);
            Assert.Equal(number + (ulong)i, world.ReadFrame().Measurements.FrameNumber);
        }
    }

    [Fact]
    public void Asynchronous_mode_moves_on_at_every_read_keeping_the_last_control()
    {
        using EmbeddedWorld world = TestWorlds.Started(TestWorlds.Empty with { SynchronousMode = false });
        ulong number = world.ReadFrame().Measurements.FrameNumber;
        Assert.Equal(number + 1, world.ReadFrame().Measurements.FrameNumber);
        Assert.Equal(number + 2, world.ReadFrame().Measurements.FrameNumber);

        // A control advances the world; the read right after it returns that tick's frame.
        world.SendControl(new VehicleControl(0, 1, 0));
        Assert.Equal(number + 3, world.ReadFrame().Measurements.FrameNumber);

        // Without new controls the car keeps accelerating on the last one.
        float speed = world.ReadFrame().Player().ForwardSpeed;
        for (int i = 0; i < 10; i++)
        {
            float next = world.ReadFrame().Player().ForwardSpeed;
            Assert.True(next > speed);
            speed = next;
        }

        // 15 ticks since the first read, which itself was the episode's first tick.
        Measurements m = world.ReadFrame().Measurements;
        Assert.Equal(number + 15, m.FrameNumber);
        Assert.Equal(1600u, m.GameTimestamp);
    }

    [Fact]
    public void Frame_numbers_run_on_across_episodes_and_never_repeat()
    {
        using EmbeddedWorld world = TestWorlds.Started();
        ulong start = world.ReadFrame().Measurements.FrameNumber;
        world.Drive(VehicleControl.Neutral, 30);
        ulong last = world.ReadFrame().Measurements.FrameNumber;
        Assert.Equal(start + 30, last);

        // The next episode's first frame is a new frame: a client that tells frames apart by number must see it.
        world.NewEpisode(TestWorlds.Empty);
        world.StartEpisode(5);
        ulong first = world.ReadFrame().Measurements.FrameNumber;
        Assert.True(first > last, $"frame {first} after {last}");
        world.SendControl(VehicleControl.Neutral);
        Assert.Equal(first + 1, world.ReadFrame().Measurements.FrameNumber);

        // Starting again without a tick in between still gives a new number.
        world.NewEpisode(TestWorlds.Empty);
        world.StartEpisode(6);
        Assert.True(world.ReadFrame().Measurements.FrameNumber > first + 1);
    }
}
