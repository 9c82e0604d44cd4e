using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// The lane graph of a town, built from a <see cref="RoadGraph"/>: for every two-way road one lane per direction
/// (right-hand traffic, centre lines half a lane width right of the road axis), and at every node connector lanes
/// from each entering lane to each leaving lane of another arm (straight lines or circular-like Bézier turns).
/// Immutable after construction and safe to share between threads.
/// </summary>
public sealed class RoadNetwork
{
    private const double IndexCellMeters = 10.0;

    private readonly List<Lane> _lanes = [];
    private readonly Junction[] _junctions;
    private readonly (int Lane, int Sample)[][] _index;
    private readonly int _indexWidth;
    private readonly int _indexHeight;

    public RoadNetwork(RoadGraph graph, RoadGeometry? geometry = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        Graph = graph;
        Geometry = (geometry ?? RoadGeometry.Carla084).Validate();
        _junctions = BuildJunctions();
        BuildRoadLanes();
        BuildConnectors();
        foreach (Lane lane in _lanes)
        {
            lane.ComputeStatistics();
        }

        (Min, Max) = ComputeBounds();
        _indexWidth = (int)Math.Ceiling((Max.X - Min.X) / IndexCellMeters) + 1;
        _indexHeight = (int)Math.Ceiling((Max.Y - Min.Y) / IndexCellMeters) + 1;
        _index = BuildIndex();
    }

    public RoadGraph Graph { get; }

    public RoadGeometry Geometry { get; }

    public IReadOnlyList<Lane> Lanes => _lanes;

    /// <summary>One junction per graph node, indexed by node.</summary>
    public IReadOnlyList<Junction> Junctions => _junctions;

    /// <summary>Lower corner of the box holding every lane centre line, metres.</summary>
    public Vec2 Min { get; }

    /// <summary>Upper corner of the box holding every lane centre line, metres.</summary>
    public Vec2 Max { get; }

    /// <summary>Sum of road-lane lengths (both directions), metres.</summary>
    public double TotalRoadLaneLength => _lanes.Where(l => l.Kind == LaneKind.Road).Sum(l => l.Length);

    /// <summary>
    /// The lane that best explains a position (and optionally a heading, radians): among lanes whose centre line is
    /// within <paramref name="maxDistance"/> metres, the one with the smallest distance plus heading mismatch.
    /// Returns false when no lane is that close.
    /// </summary>
    public bool TryLocate(Vec2 position, double? headingRadians, double maxDistance, out LaneLocation location)
    {
        location = default;
        int cx = (int)Math.Floor((position.X - Min.X) / IndexCellMeters);
        int cy = (int)Math.Floor((position.Y - Min.Y) / IndexCellMeters);
        int reach = Math.Max(1, (int)Math.Ceiling(maxDistance / IndexCellMeters));
        double bestScore = double.MaxValue;
        Span<int> bestSamplePerLane = _lanes.Count <= 1024 ? stackalloc int[_lanes.Count] : new int[_lanes.Count];
        Span<double> bestD2PerLane = _lanes.Count <= 1024 ? stackalloc double[_lanes.Count] : new double[_lanes.Count];
        bestD2PerLane.Fill(double.MaxValue);
        double max2 = (maxDistance + (2 * Geometry.SampleSpacingMeters)) * (maxDistance + (2 * Geometry.SampleSpacingMeters));
        for (int y = cy - reach; y <= cy + reach; y++)
        {
            for (int x = cx - reach; x <= cx + reach; x++)
            {
                if (x < 0 || y < 0 || x >= _indexWidth || y >= _indexHeight)
                {
                    continue;
                }

                foreach ((int laneId, int sample) in _index[(y * _indexWidth) + x])
                {
                    double d2 = (_lanes[laneId].SamplePosition(sample) - position).LengthSquared;
                    if (d2 < bestD2PerLane[laneId] && d2 <= max2)
                    {
                        bestD2PerLane[laneId] = d2;
                        bestSamplePerLane[laneId] = sample;
                    }
                }
            }
        }

        for (int laneId = 0; laneId < _lanes.Count; laneId++)
        {
            if (bestD2PerLane[laneId] == double.MaxValue)
            {
                continue;
            }

            Lane lane = _lanes[laneId];
            (double s, double lateral) = lane.Project(position, bestSamplePerLane[laneId] * lane.Spacing, 2 * lane.Spacing);
            Vec2 onLine = lane.PositionAt(s);
            double distance = Vec2.Distance(onLine, position);
            if (distance > maxDistance)
            {
                continue;
            }

            double headingError = headingRadians is double h ? Angles.WrapRadians(h - lane.PoseAt(s).HeadingRadians) : 0;

            // One radian of heading mismatch weighs like one lane width of distance.
            double score = distance + (Math.Abs(headingError) * Geometry.LaneWidthMeters);
            if (score < bestScore)
            {
                bestScore = score;
                location = new LaneLocation(lane, s, lateral, headingError);
            }
        }

        return bestScore < double.MaxValue;
    }

    private Junction[] BuildJunctions()
    {
        var junctions = new Junction[Graph.Nodes.Count];
        for (int n = 0; n < Graph.Nodes.Count; n++)
        {
            var arms = Graph.SegmentsAt(n)
                .Select(s => (Graph.Nodes[Graph.Segments[s].A == n ? Graph.Segments[s].B : Graph.Segments[s].A] - Graph.Nodes[n]).Normalized)
                .OrderBy(d => Math.Atan2(d.Y, d.X))
                .ToList();
            JunctionKind kind = arms.Count >= 3 ? JunctionKind.Intersection : JunctionKind.Corner;
            double setback = kind == JunctionKind.Intersection
                ? Geometry.IntersectionSetbackMeters
                : Vec2.Dot(arms[0], arms[1]) < -0.99 ? Geometry.SampleSpacingMeters * 2 : Geometry.CornerSetbackMeters;
            junctions[n] = new Junction(n, Graph.Nodes[n], kind, setback, arms);
        }

        return junctions;
    }

    private void BuildRoadLanes()
    {
        double halfLane = Geometry.LaneWidthMeters / 2;
        for (int s = 0; s < Graph.Segments.Count; s++)
        {
            (int a, int b) = Graph.Segments[s];
            Vec2 pa = Graph.Nodes[a], pb = Graph.Nodes[b];
            double length = Vec2.Distance(pa, pb);
            double usable = length - _junctions[a].SetbackMeters - _junctions[b].SetbackMeters;
            if (usable < Geometry.MinRoadLaneLengthMeters)
            {
                throw new FormatException(
                    $"{Graph.Source}: the road between {Graph.NodeName(a)} and {Graph.NodeName(b)} is {length:0.#} m long; after the junction setbacks only {usable:0.#} m remain (minimum {Geometry.MinRoadLaneLengthMeters} m).");
            }

            Lane forward = AddRoadLane(a, b, s, halfLane);
            Lane backward = AddRoadLane(b, a, s, halfLane);
            forward.Opposite = backward;
            backward.Opposite = forward;
        }
    }

    private Lane AddRoadLane(int from, int to, int segment, double halfLane)
    {
        Vec2 pf = Graph.Nodes[from], pt = Graph.Nodes[to];
        Vec2 d = (pt - pf).Normalized;
        Vec2 offset = d.Right * halfLane;
        Vec2 start = pf + (d * _junctions[from].SetbackMeters) + offset;
        Vec2 end = pt - (d * _junctions[to].SetbackMeters) + offset;
        var lane = new Lane(_lanes.Count, LaneKind.Road, from, to, segment, TurnDirection.None, LaneSamples.Line(start, end, Geometry.SampleSpacingMeters));
        _lanes.Add(lane);
        return lane;
    }

    private void BuildConnectors()
    {
        foreach (Junction junction in _junctions)
        {
            var approaches = new List<Lane>();
            var exits = new List<Lane>();
            foreach (Vec2 arm in junction.ArmDirections)
            {
                approaches.Add(_lanes.First(l => l.Kind == LaneKind.Road && l.ToNode == junction.Node && IsAlong(l, junction, arm, arriving: true)));
                exits.Add(_lanes.First(l => l.Kind == LaneKind.Road && l.FromNode == junction.Node && IsAlong(l, junction, arm, arriving: false)));
            }

            var connectors = new List<Lane>();
            for (int i = 0; i < approaches.Count; i++)
            {
                for (int o = 0; o < exits.Count; o++)
                {
                    if (i == o)
                    {
                        continue; // no U-turns
                    }

                    Lane incoming = approaches[i], outgoing = exits[o];
                    Vec2 dIn = Vec2.FromHeading(incoming.SampleHeading(incoming.SampleCount - 1));
                    Vec2 dOut = Vec2.FromHeading(outgoing.SampleHeading(0));
                    double cross = Vec2.Cross(dIn, dOut), dot = Vec2.Dot(dIn, dOut);
                    TurnDirection turn = Math.Abs(cross) < 0.1 && dot > 0 ? TurnDirection.Straight : cross > 0 ? TurnDirection.Right : TurnDirection.Left;
                    LaneSamples samples = turn == TurnDirection.Straight
                        ? LaneSamples.Line(incoming.End, outgoing.Start, Geometry.SampleSpacingMeters)
                        : LaneSamples.Turn(incoming.End, dIn, outgoing.Start, dOut, Geometry.SampleSpacingMeters);
                    var connector = new Lane(_lanes.Count, LaneKind.Junction, junction.Node, junction.Node, -1, turn, samples)
                    {
                        JunctionKind = junction.Kind,
                    };
                    _lanes.Add(connector);
                    incoming.AddSuccessor(connector);
                    connector.AddSuccessor(outgoing);
                    connectors.Add(connector);
                }
            }

            junction.Approaches = approaches;
            junction.Exits = exits;
            junction.Connectors = connectors;
        }
    }

    private bool IsAlong(Lane lane, Junction junction, Vec2 arm, bool arriving)
    {
        int other = arriving ? lane.FromNode : lane.ToNode;
        return Vec2.Dot((Graph.Nodes[other] - junction.Position).Normalized, arm) > 0.999;
    }

    private (Vec2 Min, Vec2 Max) ComputeBounds()
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        foreach (Lane lane in _lanes)
        {
            for (int i = 0; i < lane.SampleCount; i++)
            {
                Vec2 p = lane.SamplePosition(i);
                minX = Math.Min(minX, p.X);
                minY = Math.Min(minY, p.Y);
                maxX = Math.Max(maxX, p.X);
                maxY = Math.Max(maxY, p.Y);
            }
        }

        return (new Vec2(minX, minY), new Vec2(maxX, maxY));
    }

    private (int Lane, int Sample)[][] BuildIndex()
    {
        var cells = new List<(int, int)>[_indexWidth * _indexHeight];
        foreach (Lane lane in _lanes)
        {
            for (int i = 0; i < lane.SampleCount; i++)
            {
                Vec2 p = lane.SamplePosition(i);
                int x = (int)Math.Floor((p.X - Min.X) / IndexCellMeters);
                int y = (int)Math.Floor((p.Y - Min.Y) / IndexCellMeters);
                (cells[(y * _indexWidth) + x] ??= []).Add((lane.Id, i));
            }
        }

        return cells.Select(c => c?.ToArray() ?? []).ToArray();
    }
}
