using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Envs;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Where a driver is and where it will go: the current lane and distance along it, then the lanes ahead.
/// Lanes come either from a <see cref="Route"/> (the plan ends at the route's goal) or, when there is none, from
/// random choices at junctions (endless). Allocation-free once built.
/// </summary>
public sealed class LanePlan
{
    private const int Capacity = 16;

    private readonly Lane[] _lanes = new Lane[Capacity];
    private Rng? _rng;
    private Route? _route;
    private int _nextRouteSegment;

    public int Count { get; private set; }

    /// <summary>Distance along <see cref="Current"/>, metres.</summary>
    public double S { get; private set; }

    public Lane Current => _lanes[0];

    public Lane this[int i] => _lanes[i];

    /// <summary>The plan ends (at the route goal) rather than continuing forever.</summary>
    public bool IsFinite => _route is not null;

    /// <summary>For a finite plan, where on its last lane it ends, metres.</summary>
    public double EndS { get; private set; }

    public Route? Route => _route;

    /// <summary>Distance travelled along the route since it was set, metres (finite plans).</summary>
    public double RouteDistance { get; private set; }

    /// <summary>Starts an endless plan on <paramref name="lane"/> at <paramref name="s"/>, choosing turns with <paramref name="rng"/>.</summary>
    public void ResetRandom(Lane lane, double s, Rng rng)
    {
        _route = null;
        _rng = rng;
        _lanes[0] = lane;
        Count = 1;
        S = s;
        EndS = double.PositiveInfinity;
        RouteDistance = 0;
    }

    /// <summary>Follows <paramref name="route"/> from its start.</summary>
    public void ResetRoute(Route route)
    {
        ArgumentNullException.ThrowIfNull(route);
        _route = route;
        _rng = null;
        _lanes[0] = route.Segments[0].Lane;
        Count = 1;
        S = route.Segments[0].StartS;
        _nextRouteSegment = 1;
        EndS = route.Segments.Count == 1 ? route.Segments[0].EndS : double.PositiveInfinity;
        RouteDistance = 0;
    }

    /// <summary>Follows <paramref name="route"/> from stretch <paramref name="segment"/> at distance <paramref name="s"/> on its lane.</summary>
    public void ResetRoute(Route route, int segment, double s, double routeDistance)
    {
        ArgumentNullException.ThrowIfNull(route);
        _route = route;
        _rng = null;
        _lanes[0] = route.Segments[segment].Lane;
        Count = 1;
        S = s;
        _nextRouteSegment = segment + 1;
        EndS = segment == route.Segments.Count - 1 ? route.Segments[segment].EndS : double.PositiveInfinity;
        RouteDistance = routeDistance;
    }

    /// <summary>Distance from the current position to the end of lane <paramref name="i"/> of the plan, metres.</summary>
    public double DistanceToEndOf(int i)
    {
        double d = _lanes[0].Length - S;
        for (int k = 1; k <= i; k++)
        {
            d += _lanes[k].Length;
        }

        return d;
    }

    /// <summary>Distance from the current position to the end of a finite plan (∞ for endless ones), metres.</summary>
    public double RemainingDistance
    {
        get
        {
            if (!IsFinite)
            {
                return double.PositiveInfinity;
            }

            EnsureHorizon(double.PositiveInfinity);
            return Count == 1 ? EndS - S : DistanceToEndOf(Count - 2) + EndS;
        }
    }

    /// <summary>Appends lanes until the plan reaches <paramref name="meters"/> ahead (or its end).</summary>
    public void EnsureHorizon(double meters)
    {
        double ahead = DistanceToEndOf(Count - 1);
        while (ahead < meters && Count < Capacity)
        {
            Lane last = _lanes[Count - 1];
            Lane next;
            if (_route is not null)
            {
                if (_nextRouteSegment >= _route.Segments.Count)
                {
                    return;
                }

                RouteSegment segment = _route.Segments[_nextRouteSegment++];
                next = segment.Lane;
                if (_nextRouteSegment == _route.Segments.Count)
                {
                    EndS = segment.EndS;
                }
            }
            else
            {
                next = last.Successors.Count == 1 ? last.Successors[0] : last.Successors[_rng!.NextInt(last.Successors.Count)];
            }

            _lanes[Count++] = next;
            ahead += next.Length;
        }
    }

    /// <summary>Moves <paramref name="ds"/> metres forward, entering the next lanes as needed (stops at a finite plan's end).</summary>
    public void Advance(double ds)
    {
        S += ds;
        RouteDistance += ds;
        while (true)
        {
            if (Count == 1)
            {
                EnsureHorizon(S - _lanes[0].Length + 1);
            }

            if (Count > 1 && S > _lanes[0].Length)
            {
                S -= _lanes[0].Length;
                Array.Copy(_lanes, 1, _lanes, 0, Count - 1);
                _lanes[--Count] = null!;
                continue;
            }

            if (Count == 1 && IsFinite && S > EndS)
            {
                RouteDistance -= S - EndS;
                S = EndS;
            }
            else if (Count == 1 && S > _lanes[0].Length)
            {
                RouteDistance -= S - _lanes[0].Length;
                S = _lanes[0].Length;
            }

            return;
        }
    }

    /// <summary>Lane and distance along it at <paramref name="ahead"/> metres ahead (clamped to the plan's known end).</summary>
    public (Lane Lane, double S) Ahead(double ahead)
    {
        double s = S + ahead;
        for (int i = 0; i < Count; i++)
        {
            if (s <= _lanes[i].Length || i == Count - 1)
            {
                return (_lanes[i], Math.Min(s, i == Count - 1 && IsFinite ? EndS : _lanes[i].Length));
            }

            s -= _lanes[i].Length;
        }

        return (_lanes[Count - 1], _lanes[Count - 1].Length);
    }
}
