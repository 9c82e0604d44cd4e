using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// Draws start→goal routes between a scene's start spots. Spots are matched to lanes by position and heading, so
/// this works for any world whose town map is known (the embedded world, or a real CARLA server's Town01/Town02).
/// </summary>
public sealed class RouteSampler
{
    /// <summary>How far a start spot may lie from a lane centre line, metres (spots are placed on lanes).</summary>
    public const double SpotRadiusMeters = 3.0;

    /// <summary>
    /// How far the start of <see cref="SampleFrom"/> may lie from a lane centre line, metres: in a world that cannot
    /// place the player (<see cref="IContinuingWorld"/>) the start is wherever the car stands, often a little off its lane.
    /// </summary>
    public const double CurrentPoseRadiusMeters = 6.0;

    private const int MaxAttempts = 2000;

    private readonly RoutePlanner _planner;
    private readonly LaneLocation?[] _spots;
    private readonly Transform[] _poses;

    public RouteSampler(TownMap town, IReadOnlyList<Transform> startSpots)
    {
        ArgumentNullException.ThrowIfNull(town);
        ArgumentNullException.ThrowIfNull(startSpots);
        Town = town;
        _planner = new RoutePlanner(town.Network);
        _spots = new LaneLocation?[startSpots.Count];
        _poses = [.. startSpots];
        for (int i = 0; i < startSpots.Count; i++)
        {
            Transform t = startSpots[i];
            if (town.Network.TryLocate(new Vec2(t.Location.X, t.Location.Y), t.Rotation.YawDegrees * Angles.RadiansPerDegree, SpotRadiusMeters, out LaneLocation location))
            {
                _spots[i] = location;
            }
        }

        if (_spots.All(s => s is null))
        {
            throw new InvalidOperationException($"None of the {startSpots.Count} start spots lies on a lane of {town.Name}: the world's map does not match the town.");
        }
    }

    public TownMap Town { get; }

    public int SpotCount => _spots.Length;

    /// <summary>The route between two spots, or null when a spot is off the map or no route exists.</summary>
    public Route? Plan(int start, int goal)
    {
        if (start == goal || _spots[start] is not LaneLocation a || _spots[goal] is not LaneLocation b)
        {
            return null;
        }

        return _planner.Plan(a.Lane, a.S, b.Lane, b.S);
    }

    /// <summary>A random route with length in [min, max] m and at least <paramref name="minTurns"/> turns, avoiding excluded pairs.</summary>
    public (int Start, int Goal, Route Route) Sample(Rng rng, double minMeters, double maxMeters, int minTurns, IReadOnlySet<(int, int)>? excluded = null)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int start = rng.NextInt(_spots.Length), goal = rng.NextInt(_spots.Length);
            if (excluded?.Contains((start, goal)) == true || Plan(start, goal) is not Route route)
            {
                continue;
            }

            if (route.Length >= minMeters && route.Length <= maxMeters && route.TurnCount >= minTurns)
            {
                return (start, goal, route);
            }
        }

        throw new InvalidOperationException(
            $"No route of {minMeters:0}–{maxMeters:0} m with at least {minTurns} turn(s) found in {Town.Name} after {MaxAttempts} draws; widen scenario.min_route_meters/max_route_meters or lower scenario.min_turns.");
    }

    /// <summary>
    /// A random route from spot <paramref name="start"/> to one of the other spots, with length in [min, max] m and at
    /// least <paramref name="minTurns"/> turns: for worlds that cannot move the car (<see cref="IContinuingWorld"/>),
    /// where spot 0 is the car's current pose. That spot is located within <see cref="CurrentPoseRadiusMeters"/>.
    /// </summary>
    /// <exception cref="WorldConnectionLostException">when the start is on no lane: the car must get back to one
    /// before an episode can start, and the env's reset retries on this exception.</exception>
    public (int Start, int Goal, Route Route) SampleFrom(int start, Rng rng, double minMeters, double maxMeters, int minTurns)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(start, _spots.Length);
        Transform pose = _poses[start];
        if (_spots[start] is null
            && Town.Network.TryLocate(new Vec2(pose.Location.X, pose.Location.Y), pose.Rotation.YawDegrees * Angles.RadiansPerDegree, CurrentPoseRadiusMeters, out LaneLocation wide))
        {
            _spots[start] = wide;
        }

        if (_spots[start] is null)
        {
            throw new WorldConnectionLostException(
                $"The car at ({pose.Location.X:0.0}, {pose.Location.Y:0.0}) is not on a lane of {Town.Name} (none within {CurrentPoseRadiusMeters:0} m); " +
                "the seed protocol cannot move it; waiting for it to return to a lane (drive it back, or restart the CARLA client).");
        }

        if (_spots.Length < 2)
        {
            throw new InvalidOperationException($"The scene has no spot other than {start} to drive to; a route needs a goal among the town's start spots.");
        }

        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            int goal = rng.NextInt(_spots.Length - 1);
            goal += goal >= start ? 1 : 0;
            if (Plan(start, goal) is Route route && route.Length >= minMeters && route.Length <= maxMeters && route.TurnCount >= minTurns)
            {
                return (start, goal, route);
            }
        }

        throw new InvalidOperationException(
            $"No route of {minMeters:0}–{maxMeters:0} m with at least {minTurns} turn(s) from spot {start} at ({pose.Location.X:0.0}, {pose.Location.Y:0.0}) found in {Town.Name} after {MaxAttempts} draws; widen scenario.min_route_meters/max_route_meters or lower scenario.min_turns.");
    }
}
