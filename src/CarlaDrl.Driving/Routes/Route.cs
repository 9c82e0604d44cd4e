using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Driving.Routes;

/// <summary>
/// A path through the lane graph from a start to a goal, as consecutive lane stretches. Distances along the route
/// are metres from its start. Commands follow CARLA's planner (corl2017 spec §8): the turn of the next
/// intersection when it is within <see cref="CommandLookaheadMeters"/> (4 node units), lane-follow otherwise, and
/// reach-goal within one node unit of the goal.
/// </summary>
public sealed class Route
{
    /// <summary>4 planner node units: CARLA returns LANE_FOLLOW while farther than this from every intersection.</summary>
    public const double CommandLookaheadMeters = 4 * PlannerMap.MetersPerNode;

    /// <summary>Within this distance of the goal the command is REACH_GOAL (one node unit).</summary>
    public const double ReachGoalMeters = PlannerMap.MetersPerNode;

    private readonly RouteSegment[] _segments;
    private readonly double[] _segmentStart;

    public Route(IReadOnlyList<RouteSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Count == 0)
        {
            throw new ArgumentException("A route needs at least one lane stretch.", nameof(segments));
        }

        _segments = [.. segments];
        _segmentStart = new double[_segments.Length];
        double total = 0;
        for (int i = 0; i < _segments.Length; i++)
        {
            if (i > 0 && !_segments[i - 1].Lane.Successors.Contains(_segments[i].Lane))
            {
                throw new ArgumentException($"Route stretch {i} ({_segments[i].Lane}) does not follow {_segments[i - 1].Lane}.", nameof(segments));
            }

            _segmentStart[i] = total;
            total += _segments[i].Length;
        }

        Length = total;
    }

    public IReadOnlyList<RouteSegment> Segments => _segments;

    /// <summary>Total length, metres.</summary>
    public double Length { get; }

    public LanePose Start => PoseAt(0);

    public LanePose Goal => PoseAt(Length);

    /// <summary>Number of intersections the route turns left or right at.</summary>
    public int TurnCount => _segments.Count(s => s.Lane.JunctionKind == JunctionKind.Intersection && s.Lane.Turn is TurnDirection.Left or TurnDirection.Right);

    /// <summary>The stretch holding <paramref name="distance"/> and the distance into it.</summary>
    public (int Segment, double S) Locate(double distance)
    {
        distance = Math.Clamp(distance, 0, Length);
        int i = Array.BinarySearch(_segmentStart, distance);
        if (i < 0)
        {
            i = ~i - 1;
        }

        i = Math.Clamp(i, 0, _segments.Length - 1);
        return (i, _segments[i].StartS + (distance - _segmentStart[i]));
    }

    /// <summary>Pose on the route <paramref name="distance"/> metres from its start (clamped).</summary>
    public LanePose PoseAt(double distance)
    {
        (int i, double s) = Locate(distance);
        return _segments[i].Lane.PoseAt(s);
    }

    /// <summary>Route distance at which stretch <paramref name="segment"/> begins.</summary>
    public double SegmentStartDistance(int segment) => _segmentStart[segment];

    /// <summary>The planner command for a car <paramref name="distance"/> metres along the route.</summary>
    public RouteCommand CommandAt(double distance)
    {
        if (Length - distance <= ReachGoalMeters)
        {
            return RouteCommand.ReachGoal;
        }

        (int current, _) = Locate(distance);
        for (int i = current; i < _segments.Length; i++)
        {
            Lane lane = _segments[i].Lane;
            if (_segmentStart[i] - distance > CommandLookaheadMeters)
            {
                break;
            }

            if (lane.Kind == LaneKind.Junction && lane.JunctionKind == JunctionKind.Intersection)
            {
                return lane.Turn switch
                {
                    TurnDirection.Left => RouteCommand.TurnLeft,
                    TurnDirection.Right => RouteCommand.TurnRight,
                    _ => RouteCommand.GoStraight,
                };
            }
        }

        return RouteCommand.LaneFollow;
    }

    /// <summary>
    /// Projects a position onto the route near <paramref name="distanceHint"/> (searching ±<paramref name="window"/> m):
    /// the distance along the route and the signed lateral offset (m, + right).
    /// </summary>
    public (double Distance, double Lateral) Project(Vec2 position, double distanceHint, double window)
    {
        double from = Math.Max(0, distanceHint - window), to = Math.Min(Length, distanceHint + window);
        (int first, _) = Locate(from);
        (int last, _) = Locate(to);
        double bestD2 = double.MaxValue, bestDistance = distanceHint, bestLateral = 0;
        for (int i = first; i <= last; i++)
        {
            RouteSegment segment = _segments[i];
            double lo = Math.Max(segment.StartS, segment.StartS + (from - _segmentStart[i]));
            double hi = Math.Min(segment.EndS, segment.StartS + (to - _segmentStart[i]));
            double mid = 0.5 * (lo + hi);
            (double s, double lateral) = segment.Lane.Project(position, mid, (0.5 * (hi - lo)) + segment.Lane.Spacing);
            s = Math.Clamp(s, segment.StartS, segment.EndS);
            double d2 = (segment.Lane.PositionAt(s) - position).LengthSquared;
            if (d2 < bestD2)
            {
                bestD2 = d2;
                bestDistance = _segmentStart[i] + (s - segment.StartS);
                bestLateral = lateral;
            }
        }

        return (bestDistance, bestLateral);
    }
}
