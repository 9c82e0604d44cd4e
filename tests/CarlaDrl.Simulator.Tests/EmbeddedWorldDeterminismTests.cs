using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Tests.Support;

namespace CarlaDrl.Simulator.Tests;

/// <summary>
/// DESIGN.md §3.3: the same options, settings, seeds and controls give bit-identical measurements — every field,
/// the non-player agents included.
/// </summary>
public sealed class EmbeddedWorldDeterminismTests
{
    private const int Steps = 1500;

    private static readonly EmbeddedWorldOptions Options = new() { Seed = 99 };

    [Fact]
    public void Two_worlds_echoing_the_autopilot_produce_identical_measurements()
    {
        int differentFrames = RunPair((frame, _) => frame.Player().AutopilotControl, out double driven);
        Assert.Equal(0, differentFrames);
        Assert.True(driven > 200, $"the autopilot drove only {driven:0} m; the run should exercise the traffic");
    }

    [Fact]
    public void Two_worlds_under_one_seeded_random_control_sequence_produce_identical_measurements()
    {
        Rng[] controls = [new Rng(5L), new Rng(5L)]; // one generator per world, same seed
        int differentFrames = RunPair((_, which) => RandomControl(controls[which]), out _);
        Assert.Equal(0, differentFrames);
    }

    [Fact]
    public void Another_vehicle_seed_gives_other_traffic()
    {
        using EmbeddedWorld a = TestWorlds.Started(TestWorlds.Busy, Options);
        using EmbeddedWorld b = TestWorlds.Started(TestWorlds.Busy with { SeedVehicles = 18 }, Options);
        var vehiclesA = VehicleLocations(a);
        var vehiclesB = VehicleLocations(b);
        Assert.Equal(20, vehiclesA.Count);
        Assert.Equal(20, vehiclesB.Count);
        Assert.True(vehiclesA.Intersect(vehiclesB).Count() < 3, "another vehicle seed should place the traffic elsewhere");

        // Pedestrians keep their own seed.
        var walkersA = a.ReadFrame().Measurements.NonPlayerAgents.Where(x => x.Kind == AgentKind.Pedestrian).Select(x => x.Transform.Location);
        var walkersB = b.ReadFrame().Measurements.NonPlayerAgents.Where(x => x.Kind == AgentKind.Pedestrian).Select(x => x.Transform.Location);
        Assert.Equal(walkersA, walkersB);
    }

    [Fact]
    public void Another_pedestrian_seed_gives_other_pedestrians()
    {
        using EmbeddedWorld a = TestWorlds.Started(TestWorlds.Busy, Options);
        using EmbeddedWorld b = TestWorlds.Started(TestWorlds.Busy with { SeedPedestrians = 30 }, Options);
        var walkersA = a.ReadFrame().Measurements.NonPlayerAgents.Where(x => x.Kind == AgentKind.Pedestrian).Select(x => x.Transform.Location).ToList();
        var walkersB = b.ReadFrame().Measurements.NonPlayerAgents.Where(x => x.Kind == AgentKind.Pedestrian).Select(x => x.Transform.Location).ToList();
        Assert.Equal(30, walkersA.Count);
        Assert.True(walkersA.Intersect(walkersB).Count() < 3);
    }

    [Fact]
    public void Unset_seeds_come_from_the_world_seed()
    {
        EpisodeSettings unseeded = TestWorlds.Busy with { SeedVehicles = null, SeedPedestrians = null };
        using EmbeddedWorld a = TestWorlds.Started(unseeded, Options);
        using EmbeddedWorld b = TestWorlds.Started(unseeded, Options);
        using EmbeddedWorld c = TestWorlds.Started(unseeded, Options with { Seed = 100 });
        Assert.Equal(MeasurementBytes.Of(a.ReadFrame().Measurements), MeasurementBytes.Of(b.ReadFrame().Measurements));
        Assert.NotEqual(MeasurementBytes.Of(a.ReadFrame().Measurements), MeasurementBytes.Of(c.ReadFrame().Measurements));

        // A second episode of one world draws new seeds: other traffic than the first.
        var first = VehicleLocations(a);
        a.NewEpisode(unseeded);
        a.StartEpisode(0);
        Assert.True(first.Intersect(VehicleLocations(a)).Count() < 3);
    }

    private static List<Driving.Geometry.Vector3D> VehicleLocations(EmbeddedWorld world) =>
        world.ReadFrame().Measurements.NonPlayerAgents.Where(x => x.Kind == AgentKind.Vehicle).Select(x => x.Transform.Location).ToList();

    /// <summary>Runs two equal busy worlds side by side under <paramref name="policy"/> (frame, world 0 or 1) and returns how many frames differ in any byte.</summary>
    private static int RunPair(Func<WorldFrame, int, VehicleControl> policy, out double driven)
    {
        using EmbeddedWorld a = TestWorlds.Started(TestWorlds.Busy, Options, startIndex: 10);
        using EmbeddedWorld b = TestWorlds.Started(TestWorlds.Busy, Options, startIndex: 10);
        int different = 0;
        driven = 0;
        WorldFrame fa = a.ReadFrame(), fb = b.ReadFrame();
        for (int i = 0; i < Steps; i++)
        {
            if (!MeasurementBytes.Of(fa.Measurements).AsSpan().SequenceEqual(MeasurementBytes.Of(fb.Measurements)))
            {
                different++;
            }

            driven += Math.Abs(fa.Player().ForwardSpeed) * 0.1;
            a.SendControl(policy(fa, 0));
            b.SendControl(policy(fb, 1));
            fa = a.ReadFrame();
            fb = b.ReadFrame();
        }

        Assert.Equal(50 + a.Layout.TrafficLights.Count + a.Layout.SpeedLimitSigns.Count, fa.Measurements.NonPlayerAgents.Count);
        return different;
    }

    private static VehicleControl RandomControl(Rng rng) =>
        new((float)rng.Uniform(-1, 1), (float)rng.NextDouble(), rng.NextDouble() < 0.2 ? (float)rng.NextDouble() : 0, rng.NextDouble() < 0.05, rng.NextDouble() < 0.1);
}
