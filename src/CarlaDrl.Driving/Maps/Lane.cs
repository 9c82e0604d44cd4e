using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// One directed lane: its centre line sampled at uniform arc-length spacing, with heading and curvature per sample,
/// and its successors and predecessors in the lane graph. <c>s</c> is the distance along the lane in metres;
/// lateral offsets are positive to the right of the travel direction.
/// </summary>
public sealed class Lane
{
    private readonly double[] _x;
    private readonly double[] _y;
    private readonly double[] _heading;
    private readonly double[] _curvature;
    private readonly List<Lane> _successors = [];
    private readonly List<Lane> _predecessors = [];

    internal Lane(int id, LaneKind kind, int fromNode, int toNode, int segment, TurnDirection turn, LaneSamples samples)
    {
        Id = id;
        Kind = kind;
        FromNode = fromNode;
        ToNode = toNode;
        Segment = segment;
        Turn = turn;
        _x = samples.X;
        _y = samples.Y;
        _heading = samples.Heading;
        _curvature = samples.Curvature;
        Length = samples.Length;
        Spacing = samples.Length / (_x.Length - 1);
    }

    public int Id { get; }

    public LaneKind Kind { get; }

    /// <summary>Node the lane leaves (road lanes) or the junction node (junction lanes).</summary>
    public int FromNode { get; }

    /// <summary>Node the lane heads to (road lanes) or the junction node (junction lanes).</summary>
    public int ToNode { get; }

    /// <summary>Index of the road segment (road lanes), −1 for junction lanes.</summary>
    public int Segment { get; }

    public TurnDirection Turn { get; }

    /// <summary>Centre-line length, metres.</summary>
    public double Length { get; }

    /// <summary>Distance between consecutive samples, metres.</summary>
    public double Spacing { get; }

    public int SampleCount => _x.Length;

    public IReadOnlyList<Lane> Successors => _successors;

    public IReadOnlyList<Lane> Predecessors => _predecessors;

    /// <summary>The lane of the same road in the other direction (road lanes only).</summary>
    public Lane? Opposite { get; internal set; }

    /// <summary>The junction's kind for junction lanes (set by the network).</summary>
    public JunctionKind? JunctionKind { get; internal set; }

    public Vec2 Start => new(_x[0], _y[0]);

    public Vec2 End => new(_x[^1], _y[^1]);

    public Vec2 SamplePosition(int i) => new(_x[i], _y[i]);

    public double SampleHeading(int i) => _heading[i];

    public double SampleCurvature(int i) => _curvature[i];

    /// <summary>Largest |curvature| along the lane, 1/m.</summary>
    public double MaxAbsCurvature { get; private set; }

    /// <summary>Pose at distance <paramref name="s"/> (clamped to [0, Length]), linearly interpolated.</summary>
    public LanePose PoseAt(double s)
    {
        (int i, double t) = Locate(s);
        double h0 = _heading[i];
        double dh = Angles.WrapRadians(_heading[i + 1] - h0);
        return new LanePose(
            new Vec2(_x[i] + ((_x[i + 1] - _x[i]) * t), _y[i] + ((_y[i + 1] - _y[i]) * t)),
            Angles.WrapRadians(h0 + (dh * t)),
            _curvature[i] + ((_curvature[i + 1] - _curvature[i]) * t));
    }

    public Vec2 PositionAt(double s)
    {
        (int i, double t) = Locate(s);
        return new Vec2(_x[i] + ((_x[i + 1] - _x[i]) * t), _y[i] + ((_y[i + 1] - _y[i]) * t));
    }

    /// <summary>
    /// Projects <paramref name="p"/> onto the centre line searching samples within <paramref name="window"/> metres of
    /// <paramref name="sHint"/> (the whole lane when the window is infinite). Returns s and the signed lateral offset.
    /// </summary>
    public (double S, double Lateral) Project(Vec2 p, double sHint = 0, double window = double.PositiveInfinity)
    {
        int first = 0, last = _x.Length - 2;
        if (!double.IsPositiveInfinity(window))
        {
            first = Math.Max(0, (int)((sHint - window) / Spacing));
            last = Math.Min(_x.Length - 2, (int)Math.Ceiling((sHint + window) / Spacing));
        }

        double bestD2 = double.MaxValue, bestS = 0, bestLat = 0;
        for (int i = first; i <= last; i++)
        {
            double ax = _x[i], ay = _y[i];
            double ex = _x[i + 1] - ax, ey = _y[i + 1] - ay;
            double len2 = (ex * ex) + (ey * ey);
            double t = len2 > 0 ? Math.Clamp((((p.X - ax) * ex) + ((p.Y - ay) * ey)) / len2, 0, 1) : 0;
            double qx = ax + (ex * t) - p.X, qy = ay + (ey * t) - p.Y;
            double d2 = (qx * qx) + (qy * qy);
            if (d2 < bestD2)
            {
                bestD2 = d2;
                bestS = (i + t) * Spacing;

                // Right of the direction (ex, ey) is (−ey, ex) in UE4; lateral = (p − q)·right / |e|.
                double len = Math.Sqrt(len2);
                bestLat = len > 0 ? (((p.X - (ax + (ex * t))) * -ey) + ((p.Y - (ay + (ey * t))) * ex)) / len : 0;
            }
        }

        return (bestS, bestLat);
    }

    internal void AddSuccessor(Lane lane)
    {
        _successors.Add(lane);
        lane._predecessors.Add(this);
    }

    internal void ComputeStatistics()
    {
        double max = 0;
        foreach (double k in _curvature)
        {
            max = Math.Max(max, Math.Abs(k));
        }

        MaxAbsCurvature = max;
    }

    public override string ToString() =>
        Kind == LaneKind.Road ? $"lane {Id} road {Segment} {FromNode}→{ToNode} ({Length:0.#} m)" : $"lane {Id} {Turn} through node {FromNode} ({Length:0.#} m)";

    private (int Index, double T) Locate(double s)
    {
        if (!(s > 0))
        {
            return (0, 0);
        }

        double u = s / Spacing;
        int i = (int)u;
        if (i >= _x.Length - 1)
        {
            return (_x.Length - 2, 1);
        }

        return (i, u - i);
    }
}
