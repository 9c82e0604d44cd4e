using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Tests.Support;

/// <summary>Worlds and places the tests share: empty or busy episodes, long straight lanes, poses on lanes.</summary>
internal static class TestWorlds
{
    /// <summary>No traffic, no pedestrians, fixed seeds: only what a test adds itself.</summary>
    public static EpisodeSettings Empty { get; } = new() { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 2 };

    /// <summary>CARLA's default crowd (20 vehicles, 30 pedestrians) with fixed seeds and the agents reported.</summary>
    public static EpisodeSettings Busy { get; } = new()
    {
        NumberOfVehicles = 20,
        NumberOfPedestrians = 30,
        SeedVehicles = 17,
        SeedPedestrians = 29,
        SendNonPlayerAgentsInfo = true,
    };

    /// <summary>A world with a running episode.</summary>
    public static EmbeddedWorld Started(EpisodeSettings? settings = null, EmbeddedWorldOptions? options = null, int startIndex = 0)
    {
        var world = new EmbeddedWorld(options);
        world.NewEpisode(settings ?? Empty);
        world.StartEpisode(startIndex);
        return world;
    }

    /// <summary>The longest road lane of <paramref name="town"/> (road lanes are straight lines between junctions).</summary>
    public static Lane LongestRoadLane(TownMap town) =>
        town.Network.Lanes.Where(l => l.Kind == LaneKind.Road).MaxBy(l => l.Length)!;

    /// <summary>Puts the player on <paramref name="lane"/> at <paramref name="s"/> metres, shifted <paramref name="lateral"/> m to the right.</summary>
    public static void PlaceOnLane(EmbeddedWorld world, Lane lane, double s, double lateral = 0, double speed = 0, double yawOffsetDegrees = 0)
    {
        LanePose pose = lane.PoseAt(s);
        Vec2 p = pose.Position + (Vec2.FromHeading(pose.HeadingRadians).Right * lateral);
        world.PlacePlayer(p.X, p.Y, (pose.HeadingRadians * Angles.DegreesPerRadian) + yawOffsetDegrees, speed);
    }

    public static PlayerMeasurements Player(this WorldFrame frame) => frame.Measurements.PlayerMeasurements;

    /// <summary>Sends <paramref name="control"/> <paramref name="ticks"/> times and returns the last frame.</summary>
    public static WorldFrame Drive(this EmbeddedWorld world, VehicleControl control, int ticks)
    {
        WorldFrame frame = world.ReadFrame();
        for (int i = 0; i < ticks; i++)
        {
            world.SendControl(control);
            frame = world.ReadFrame();
        }

        return frame;
    }
}
