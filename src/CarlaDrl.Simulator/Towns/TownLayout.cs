using System.Runtime.CompilerServices;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Envs;

namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// The physical town around a <see cref="TownMap"/>: the ground raster, scenery (buildings, walls, fences, trees,
/// street lamps, traffic-light poles, speed-limit signs) placed deterministically from the town's name, traffic-light
/// placements, sidewalk loops and crosswalks. Immutable and shared: one instance per town (see <see cref="For"/>).
/// </summary>
public sealed class TownLayout
{
    /// <summary>Speed limit of every road, m/s (30 km/h, the speed CARLA 0.8.4's traffic drives at in town).</summary>
    public const double RoadSpeedLimitMetersPerSecond = 30 / 3.6;

    private static readonly ConditionalWeakTable<TownMap, TownLayout> Cache = [];

    private readonly List<StaticObject> _objects = [];
    private readonly List<TrafficLightPlacement> _lights = [];
    private readonly List<SidewalkLoop> _loops = [];
    private readonly List<Crosswalk> _crosswalks = [];

    private TownLayout(TownMap town)
    {
        Town = town;
        Network = town.Network;
        Surface = new SurfaceMap(Network);
        var rng = new Rng(StableHash(town.Name));
        PlaceTrafficLights();
        PlaceStreetFurniture();
        PlaceBlocks(rng);
        BuildSidewalkLoops();
        BuildCrosswalks();
        PaintMarkings();
        Surface.FinishSolids();
        SpeedLimitSigns = _objects.Where(o => o.Kind == StaticObjectKind.SpeedLimitSign).ToArray();
    }

    public TownMap Town { get; }

    public RoadNetwork Network { get; }

    public SurfaceMap Surface { get; }

    public IReadOnlyList<StaticObject> Objects => _objects;

    /// <summary>The speed-limit signs among <see cref="Objects"/>.</summary>
    public IReadOnlyList<StaticObject> SpeedLimitSigns { get; private set; } = [];

    public IReadOnlyList<TrafficLightPlacement> TrafficLights => _lights;

    public IReadOnlyList<SidewalkLoop> SidewalkLoops => _loops;

    public IReadOnlyList<Crosswalk> Crosswalks => _crosswalks;

    /// <summary>The layout of <paramref name="town"/>, built once and shared (building takes a fraction of a second).</summary>
    public static TownLayout For(TownMap town)
    {
        ArgumentNullException.ThrowIfNull(town);
        return Cache.GetValue(town, t => new TownLayout(t));
    }

    private static ulong StableHash(string text)
    {
        ulong hash = 14695981039346656037UL; // FNV-1a 64
        foreach (char c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private double HalfLane => Network.Geometry.LaneWidthMeters / 2;

    private double SidewalkWidth => Network.Geometry.SidewalkWidthMeters;

    private void PlaceTrafficLights()
    {
        foreach (Junction junction in Network.Junctions)
        {
            if (junction.Kind != JunctionKind.Intersection)
            {
                continue;
            }

            // Opposite arms share a phase (two-phase signals, as at CARLA's junctions); a lone arm gets its own.
            int arms = junction.ArmDirections.Count;
            var phase = new int[arms];
            var opposite = new int[arms];
            int phases = 0;
            for (int a = 0; a < arms; a++)
            {
                opposite[a] = -1;
                phase[a] = -1;
                for (int b = 0; b < arms; b++)
                {
                    if (b != a && Vec2.Dot(junction.ArmDirections[a], junction.ArmDirections[b]) < -0.9)
                    {
                        opposite[a] = b;
                        if (b < a)
                        {
                            phase[a] = phase[b];
                        }
                    }
                }

                if (phase[a] < 0)
                {
                    phase[a] = phases++;
                }
            }

            for (int a = 0; a < arms; a++)
            {
                Lane approach = junction.Approaches[a];
                double heading = approach.SampleHeading(approach.SampleCount - 1);
                Vec2 pole = approach.End + (Vec2.FromHeading(heading).Right * (HalfLane + 0.8));
                Lane? oppositeApproach = opposite[a] >= 0 ? junction.Approaches[opposite[a]] : null;
                _lights.Add(new TrafficLightPlacement(_lights.Count, junction.Node, a, phase[a], phases, approach, oppositeApproach, pole, heading + Math.PI));
                AddCylinder(StaticObjectKind.TrafficLightPole, pole, 0.15, 5.0, 0.5, SurfaceKind.Pole);
            }
        }
    }

    private void PlaceStreetFurniture()
    {
        foreach (Lane lane in Network.Lanes)
        {
            if (lane.Kind != LaneKind.Road)
            {
                continue;
            }

            // Street lamps near the kerb of the right-hand sidewalk, every 25 m, clear of the lane ends.
            for (double s = 12; s < lane.Length - 12; s += 25)
            {
                LanePose pose = lane.PoseAt(s);
                Vec2 p = pose.Position + (Vec2.FromHeading(pose.HeadingRadians).Right * (HalfLane + 2.6));
                if (Surface.KindAt(p.X, p.Y) == SurfaceKind.Sidewalk)
                {
                    AddCylinder(StaticObjectKind.Pole, p, 0.12, 6.0, 0.5, SurfaceKind.Pole);
                }
            }

            // A speed-limit sign after each junction on roads long enough to need one.
            if (lane.Length > 60)
            {
                LanePose pose = lane.PoseAt(4);
                Vec2 p = pose.Position + (Vec2.FromHeading(pose.HeadingRadians).Right * (HalfLane + 2.9));
                if (Surface.KindAt(p.X, p.Y) == SurfaceKind.Sidewalk)
                {
                    AddCylinder(StaticObjectKind.SpeedLimitSign, p, 0.08, 2.5, 0.5, SurfaceKind.Pole);
                }
            }
        }
    }

    private void PlaceBlocks(Rng rng)
    {
        double front = HalfLane + HalfLane + SidewalkWidth; // lane centre → back of sidewalk
        foreach (Lane lane in Network.Lanes)
        {
            if (lane.Kind != LaneKind.Road)
            {
                continue;
            }

            Vec2 forward = Vec2.FromHeading(lane.SampleHeading(0));
            Vec2 right = forward.Right;
            double s = rng.Uniform(0, 4);
            while (s < lane.Length)
            {
                double roll = rng.NextDouble();
                double width = rng.Uniform(8, 16);
                double depth = rng.Uniform(8, 14);
                double setback = rng.Uniform(0.5, 2.5);
                double gap = rng.Uniform(2, 6);
                Vec2 baseCenter = lane.PositionAt(Math.Min(s + (width / 2), lane.Length)) + (right * (front + setback + (depth / 2)));
                if (roll < 0.7)
                {
                    TryAddBox(StaticObjectKind.Building, baseCenter, width / 2, depth / 2, forward.HeadingRadians, rng.Uniform(6, 20), rng.NextDouble(), SurfaceKind.Building);
                }
                else if (roll < 0.85)
                {
                    // A row of trees on the verge.
                    for (double t = 2; t < width; t += 4)
                    {
                        Vec2 trunk = lane.PositionAt(Math.Min(s + t, lane.Length)) + (right * (front + 1.2));
                        if (CanPlace(trunk - new Vec2(0.3, 0.3), trunk + new Vec2(0.3, 0.3)))
                        {
                            AddCylinder(StaticObjectKind.Tree, trunk, 0.25, rng.Uniform(5, 9), rng.NextDouble(), SurfaceKind.Vegetation);
                        }
                    }
                }
                else
                {
                    bool wall = roll < 0.93;
                    Vec2 c = lane.PositionAt(Math.Min(s + (width / 2), lane.Length)) + (right * (front + setback + 0.15));
                    TryAddBox(wall ? StaticObjectKind.Wall : StaticObjectKind.Fence, c, width / 2, 0.15, forward.HeadingRadians, wall ? 2.5 : 1.5, rng.NextDouble(), wall ? SurfaceKind.Wall : SurfaceKind.Fence);
                }

                s += width + gap;
            }
        }
    }

    private void TryAddBox(StaticObjectKind kind, Vec2 center, double halfLength, double halfDepth, double yaw, double height, double shade, SurfaceKind surface)
    {
        // Shrink the depth until the footprint is clear of roads, sidewalks and other objects, or give up.
        for (double depth = halfDepth; depth >= Math.Min(halfDepth, 1.0); depth *= 0.7)
        {
            Vec2 right = Vec2.FromHeading(yaw).Right;
            Vec2 c = center - (right * (halfDepth - depth)); // keep the front face in place
            if (FootprintClear(c, halfLength, depth, yaw))
            {
                var obj = new StaticObject(kind, c, new Vec2(halfLength, depth), yaw, height, shade);
                _objects.Add(obj);
                StampBox(obj, surface);
                return;
            }

            if (depth < 1.0)
            {
                break;
            }
        }
    }

    private bool FootprintClear(Vec2 center, double halfLength, double halfDepth, double yaw)
    {
        Vec2 f = Vec2.FromHeading(yaw), r = f.Right;
        double margin = 0.6;
        for (double u = -halfLength - margin; u <= halfLength + margin; u += SurfaceMap.CellSizeMeters)
        {
            for (double v = -halfDepth - margin; v <= halfDepth + margin; v += SurfaceMap.CellSizeMeters)
            {
                Vec2 p = center + (f * u) + (r * v);
                if (Surface.KindAt(p.X, p.Y) != SurfaceKind.Grass)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private bool CanPlace(Vec2 min, Vec2 max)
    {
        (int x0, int y0, int x1, int y1) = Surface.CellRange(min, max);
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                if (Surface.CellKind(x, y) != SurfaceKind.Grass)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private void StampBox(StaticObject obj, SurfaceKind surface)
    {
        Vec2 f = Vec2.FromHeading(obj.YawRadians), r = f.Right;
        double reach = obj.HalfExtents.Length;
        (int x0, int y0, int x1, int y1) = Surface.CellRange(obj.Center - new Vec2(reach, reach), obj.Center + new Vec2(reach, reach));
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                Vec2 d = Surface.CellCenter(x, y) - obj.Center;
                if (Math.Abs(Vec2.Dot(d, f)) <= obj.HalfExtents.X + (SurfaceMap.CellSizeMeters / 2)
                    && Math.Abs(Vec2.Dot(d, r)) <= obj.HalfExtents.Y + (SurfaceMap.CellSizeMeters / 2))
                {
                    Surface.SetSolid(x, y, surface);
                }
            }
        }
    }

    private void AddCylinder(StaticObjectKind kind, Vec2 center, double radius, double height, double shade, SurfaceKind surface)
    {
        _objects.Add(new StaticObject(kind, center, new Vec2(radius, radius), 0, height, shade));

        // Conservative: every cell the disc touches becomes solid, so thin poles cannot slip between samples.
        double reach = radius + (SurfaceMap.CellSizeMeters * 0.71);
        (int x0, int y0, int x1, int y1) = Surface.CellRange(center - new Vec2(reach, reach), center + new Vec2(reach, reach));
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                if ((Surface.CellCenter(x, y) - center).Length <= reach)
                {
                    Surface.SetSolid(x, y, surface);
                }
            }
        }
    }

    private void BuildSidewalkLoops()
    {
        double offset = HalfLane + (SidewalkWidth / 2);
        var visited = new bool[Network.Lanes.Count];
        foreach (Lane start in Network.Lanes)
        {
            if (start.Kind != LaneKind.Road || visited[start.Id])
            {
                continue;
            }

            var points = new List<Vec2>();
            Lane lane = start;
            int guard = 0;
            do
            {
                visited[lane.Id] = true;
                AppendOffset(points, lane, offset);
                Lane connector = Rightmost(lane);
                AppendOffset(points, connector, offset);
                lane = connector.Successors[0];
            }
            while (lane != start && ++guard < 10_000);

            _loops.Add(Resample(_loops.Count, points, 0.5));
        }
    }

    private static Lane Rightmost(Lane lane)
    {
        Lane best = lane.Successors[0];
        foreach (Lane c in lane.Successors)
        {
            if (Rank(c.Turn) > Rank(best.Turn))
            {
                best = c;
            }
        }

        return best;

        static int Rank(TurnDirection turn) => turn switch
        {
            TurnDirection.Right => 3,
            TurnDirection.Straight => 2,
            TurnDirection.Left => 1,
            _ => 0,
        };
    }

    private static void AppendOffset(List<Vec2> points, Lane lane, double offset)
    {
        for (int i = 0; i < lane.SampleCount; i++)
        {
            Vec2 p = lane.SamplePosition(i) + (Vec2.FromHeading(lane.SampleHeading(i)).Right * offset);
            if (points.Count == 0 || Vec2.Distance(points[^1], p) > 1e-6)
            {
                points.Add(p);
            }
        }
    }

    private static SidewalkLoop Resample(int id, List<Vec2> points, double spacing)
    {
        var cumulative = new double[points.Count + 1];
        for (int i = 0; i < points.Count; i++)
        {
            cumulative[i + 1] = cumulative[i] + Vec2.Distance(points[i], points[(i + 1) % points.Count]);
        }

        double length = cumulative[^1];
        int n = Math.Max(3, (int)Math.Round(length / spacing));
        var resampled = new Vec2[n];
        int j = 0;
        for (int k = 0; k < n; k++)
        {
            double target = length * k / n;
            while (j < points.Count - 1 && cumulative[j + 1] < target)
            {
                j++;
            }

            double span = cumulative[j + 1] - cumulative[j];
            double t = span > 0 ? (target - cumulative[j]) / span : 0;
            resampled[k] = Vec2.Lerp(points[j], points[(j + 1) % points.Count], t);
        }

        return new SidewalkLoop(id, resampled, length);
    }

    private void BuildCrosswalks()
    {
        double lateral = HalfLane + HalfLane + (SidewalkWidth / 2);
        foreach (Junction junction in Network.Junctions)
        {
            if (junction.Kind != JunctionKind.Intersection)
            {
                continue;
            }

            for (int armIndex = 0; armIndex < junction.ArmDirections.Count; armIndex++)
            {
                Vec2 arm = junction.ArmDirections[armIndex];
                int lightId = _lights.FindIndex(l => l.JunctionNode == junction.Node && l.ApproachIndex == armIndex);
                Vec2 along = junction.Position + (arm * (junction.SetbackMeters - 2.0));
                Vec2 a = along + (arm.Right * lateral), b = along - (arm.Right * lateral);
                (int loopA, double ua, double da) = NearestLoop(a);
                (int loopB, double ub, double db) = NearestLoop(b);
                if (da < 1.5 && db < 1.5 && loopA != loopB)
                {
                    _crosswalks.Add(new Crosswalk(_crosswalks.Count, junction.Node, lightId, _loops[loopA].PositionAt(ua), _loops[loopB].PositionAt(ub), loopA, ua, loopB, ub));
                }
            }
        }
    }

    /// <summary>
    /// Lane lines: a dashed white line on each road axis (3 m dash, 3 m gap), solid edge lines 0.25 m inside the
    /// road edges, stop lines at intersection approaches and zebra stripes at crosswalks.
    /// </summary>
    private void PaintMarkings()
    {
        const double Step = 0.1;
        foreach (Lane lane in Network.Lanes)
        {
            if (lane.Kind != LaneKind.Road)
            {
                continue;
            }

            bool axis = lane.Opposite is null || lane.Opposite.Id > lane.Id;
            for (double s = 0; s <= lane.Length; s += Step)
            {
                LanePose pose = lane.PoseAt(s);
                Vec2 right = Vec2.FromHeading(pose.HeadingRadians).Right;
                Vec2 edge = pose.Position + (right * (HalfLane - 0.25));
                Surface.Paint(edge.X, edge.Y, RoadMarking.White);
                if (axis && s % 6.0 < 3.0)
                {
                    Vec2 centre = pose.Position - (right * HalfLane);
                    Surface.Paint(centre.X, centre.Y, RoadMarking.White);
                }
            }

            if (Network.Junctions[lane.ToNode].Kind == JunctionKind.Intersection)
            {
                for (double s = lane.Length - 0.5; s <= lane.Length; s += Step)
                {
                    LanePose pose = lane.PoseAt(s);
                    Vec2 right = Vec2.FromHeading(pose.HeadingRadians).Right;
                    for (double w = -HalfLane; w <= HalfLane; w += Step)
                    {
                        Vec2 p = pose.Position + (right * w);
                        Surface.Paint(p.X, p.Y, RoadMarking.StopLine);
                    }
                }
            }
        }

        foreach (Crosswalk c in _crosswalks)
        {
            Vec2 across = (c.EndB - c.EndA).Normalized;
            Vec2 along = across.Right;
            for (double u = 0; u <= c.Length; u += Step)
            {
                if (u % 1.0 >= 0.5)
                {
                    continue; // 0.5 m stripes, 0.5 m gaps
                }

                for (double w = -1.5; w <= 1.5; w += Step)
                {
                    Vec2 p = c.EndA + (across * u) + (along * w);
                    Surface.Paint(p.X, p.Y, RoadMarking.Crosswalk);
                }
            }
        }
    }

    private (int Loop, double U, double Distance) NearestLoop(Vec2 p)
    {
        (int loop, double u, double d) best = (-1, 0, double.MaxValue);
        foreach (SidewalkLoop loop in _loops)
        {
            (double u, double d) = loop.Nearest(p);
            if (d < best.d)
            {
                best = (loop.Id, u, d);
            }
        }

        return best;
    }
}
