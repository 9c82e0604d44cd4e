using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Driving.Evaluation;

/// <summary>
/// Drives one start→goal route in any world and scores it the CARLA benchmark way (corl2017 spec §4, §6): success
/// when the car's centre comes within <see cref="SuccessDistanceMeters"/> of the goal before the timeout
/// (0.36 s per metre of route + 10 s, i.e. the route at 10 km/h plus 10 s); an off-road infraction when the off-road
/// fraction exceeds <see cref="OffRoadThreshold"/>; a collision when any cumulative impulse grows.
/// Here, unlike the benchmark, an infraction turns a reached goal into <see cref="RouteOutcome.ReachedWithInfraction"/>.
/// </summary>
public sealed class RouteEpisodeRunner
{
    public const double SuccessDistanceMeters = 2.0;

    /// <summary>The benchmark's off-road infraction threshold (footprint fraction).</summary>
    public const double OffRoadThreshold = 0.3;

    /// <summary>The benchmark's other-lane infraction threshold (footprint fraction).</summary>
    public const double OtherLaneThreshold = 0.4;

    private readonly IDrivingWorld _world;
    private readonly RoutePlanner _planner;

    public RouteEpisodeRunner(IDrivingWorld world, TownMap town)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentNullException.ThrowIfNull(town);
        _world = world;
        Town = town;
        _planner = new RoutePlanner(town.Network);
    }

    public TownMap Town { get; }

    /// <summary>Timeout for a route of <paramref name="lengthMeters"/>: the benchmark's 0.36·length + 10 s, times <paramref name="factor"/>.</summary>
    public static double TimeoutSeconds(double lengthMeters, double factor = 1.0) => ((0.36 * lengthMeters) + 10) * factor;

    /// <summary>
    /// Runs the route from start spot <paramref name="start"/> to <paramref name="goal"/> with settings
    /// <paramref name="settings"/>, asking <paramref name="policy"/> for each control (it sees the frame and the route).
    /// </summary>
    public RouteEpisodeResult Run(EpisodeSettings settings, int start, int goal, Func<WorldFrame, Route, VehicleControl> policy, double timeoutFactor = 1.0)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(policy);
        Route route = _planner.Plan(Town.StartSpots[start], Town.StartSpots[goal])
            ?? throw new InvalidOperationException($"No route from start spot {start} to {goal} in {Town.Name}.");
        _world.NewEpisode(settings);
        _world.StartEpisode(start);
        if (_world is IMapAwareWorld aware)
        {
            aware.SetPlayerRoute(route);
        }

        double timeout = TimeoutSeconds(route.Length, timeoutFactor);
        Vec2 goalPosition = route.Goal.Position;
        WorldFrame frame = _world.ReadFrame();
        PlayerMeasurements first = frame.Measurements.PlayerMeasurements;
        double v0 = first.CollisionVehicles, p0 = first.CollisionPedestrians, o0 = first.CollisionOther;
        uint t0 = frame.Measurements.GameTimestamp;
        Vec2 last = Planar(first);
        double driven = 0, maxOff = 0, maxOther = 0, distance = Vec2.Distance(last, goalPosition);
        int offFrames = 0, otherFrames = 0;
        bool reached = false;
        double elapsed = 0;
        while (true)
        {
            PlayerMeasurements pm = frame.Measurements.PlayerMeasurements;
            Vec2 position = Planar(pm);
            driven += Vec2.Distance(position, last);
            last = position;
            distance = Vec2.Distance(position, goalPosition);
            maxOff = Math.Max(maxOff, pm.IntersectionOffRoad);
            maxOther = Math.Max(maxOther, pm.IntersectionOtherLane);
            offFrames += pm.IntersectionOffRoad > OffRoadThreshold ? 1 : 0;
            otherFrames += pm.IntersectionOtherLane > OtherLaneThreshold ? 1 : 0;
            elapsed = (frame.Measurements.GameTimestamp - t0) / 1000.0;
            if (distance < SuccessDistanceMeters)
            {
                reached = true;
                break;
            }

            if (elapsed >= timeout)
            {
                break;
            }

            _world.SendControl(policy(frame, route));
            frame = _world.ReadFrame();
        }

        PlayerMeasurements end = frame.Measurements.PlayerMeasurements;
        var result = new RouteEpisodeResult(
            start,
            goal,
            RouteOutcome.Timeout,
            route.Length,
            driven,
            elapsed,
            timeout,
            distance,
            end.CollisionVehicles - v0,
            end.CollisionPedestrians - p0,
            end.CollisionOther - o0,
            offFrames,
            otherFrames,
            maxOff,
            maxOther);
        return result with
        {
            Outcome = !reached ? RouteOutcome.Timeout : result.Collided || result.WentOffRoad ? RouteOutcome.ReachedWithInfraction : RouteOutcome.Success,
        };
    }

    private static Vec2 Planar(PlayerMeasurements pm) => new(pm.Transform.Location.X, pm.Transform.Location.Y);
}
