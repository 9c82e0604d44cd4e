using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// Draws start→goal routes between a scene's start spots. Spots are matched to lanes by position and heading, so
/// this works for any world whose town map is known (the embedded world, or a real CARLA server's Town01/Town02).
/// </summary>
public sealed class RouteSampler
{
    private const int MaxAttempts = 2000;

    private readonly RoutePlanner _planner;
    private readonly LaneLocation?[] _spots;

    public RouteSampler(TownMap town, IReadOnlyList<Transform> startSpots)
    {
        ArgumentNullException.ThrowIfNull(town);
        ArgumentNullException.ThrowIfNull(startSpots);
        Town = town;
        _planner = new RoutePlanner(town.Network);
        _spots = new LaneLocation?[startSpots.Count];
        for (int i = 0; i < startSpots.Count; i++)
        {
            Transform t = startSpots[i];
            if (town.Network.TryLocate(new Vec2(t.Location.X, t.Location.Y), t.Rotation.YawDegrees * Angles.RadiansPerDegree, 3.0, out LaneLocation location))
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
}
