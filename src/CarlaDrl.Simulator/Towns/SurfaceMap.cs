using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// The town's ground as a raster of <see cref="CellSizeMeters"/> cells: road (with the travel direction of the
/// nearest lane), junction, sidewalk, grass, and solid objects stamped on top. Lookups are O(1) array reads, which
/// is what makes per-step lane fractions and static collisions cheap. Cells outside the raster read as
/// <see cref="SurfaceKind.Wall"/>: the map's edge is solid, as CARLA's level boundary is.
/// </summary>
public sealed class SurfaceMap
{
    public const double CellSizeMeters = 0.2;

    /// <summary>Grass margin around the outermost lanes, metres; its outer metre is a boundary wall.</summary>
    public const double MarginMeters = 30.0;

    private const double InverseCell = 1.0 / CellSizeMeters;

    private readonly SurfaceKind[] _kind;
    private readonly byte[] _direction;
    private readonly RoadMarking[] _marking;
    private byte[]? _solidDistance;
    private byte[]? _groundCode;

    public SurfaceMap(RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Origin = network.Min - new Vec2(MarginMeters, MarginMeters);
        Width = (int)Math.Ceiling((network.Max.X - network.Min.X + (2 * MarginMeters)) * InverseCell);
        Height = (int)Math.Ceiling((network.Max.Y - network.Min.Y + (2 * MarginMeters)) * InverseCell);
        _kind = new SurfaceKind[Width * Height];
        _direction = new byte[Width * Height];
        _marking = new RoadMarking[Width * Height];
        Rasterize(network);
    }

    /// <summary>World position of the lower corner of cell (0, 0), metres.</summary>
    public Vec2 Origin { get; }

    public int Width { get; }

    public int Height { get; }

    public Vec2 Max => Origin + new Vec2(Width * CellSizeMeters, Height * CellSizeMeters);

    /// <summary>The surface under a world point (m).</summary>
    public SurfaceKind KindAt(double x, double y)
    {
        int cx = (int)Math.Floor((x - Origin.X) * InverseCell);
        int cy = (int)Math.Floor((y - Origin.Y) * InverseCell);
        return (uint)cx < (uint)Width && (uint)cy < (uint)Height ? _kind[(cy * Width) + cx] : SurfaceKind.Wall;
    }

    /// <summary>
    /// The surface under a world point and, for <see cref="SurfaceKind.Road"/>, the lane direction as a byte
    /// (heading = byte · 2π / 256, UE4 yaw).
    /// </summary>
    public SurfaceKind KindAt(double x, double y, out byte direction)
    {
        int cx = (int)Math.Floor((x - Origin.X) * InverseCell);
        int cy = (int)Math.Floor((y - Origin.Y) * InverseCell);
        if ((uint)cx < (uint)Width && (uint)cy < (uint)Height)
        {
            int i = (cy * Width) + cx;
            direction = _direction[i];
            return _kind[i];
        }

        direction = 0;
        return SurfaceKind.Wall;
    }

    /// <summary>The surface and the paint on it at a world point (one lookup, for rendering).</summary>
    public SurfaceKind KindAt(double x, double y, out RoadMarking marking)
    {
        int cx = (int)Math.Floor((x - Origin.X) * InverseCell);
        int cy = (int)Math.Floor((y - Origin.Y) * InverseCell);
        if ((uint)cx < (uint)Width && (uint)cy < (uint)Height)
        {
            int i = (cy * Width) + cx;
            marking = _marking[i];
            return _kind[i];
        }

        marking = RoadMarking.None;
        return SurfaceKind.Wall;
    }

    public RoadMarking CellMarking(int cx, int cy) =>
        (uint)cx < (uint)Width && (uint)cy < (uint)Height ? _marking[(cy * Width) + cx] : RoadMarking.None;

    /// <summary>Paints the cell under a world point, if it is road (markings never cover sidewalks or solids).</summary>
    internal void Paint(double x, double y, RoadMarking marking)
    {
        int cx = (int)Math.Floor((x - Origin.X) * InverseCell);
        int cy = (int)Math.Floor((y - Origin.Y) * InverseCell);
        if ((uint)cx < (uint)Width && (uint)cy < (uint)Height)
        {
            int i = (cy * Width) + cx;
            if (_kind[i] is SurfaceKind.Road or SurfaceKind.Junction)
            {
                _marking[i] = marking;
            }
        }
    }

    /// <summary>Index of the cell under a world point, or −1 outside the raster (for renderers that read several layers).</summary>
    internal int CellIndex(double x, double y)
    {
        int cx = (int)Math.Floor((x - Origin.X) * InverseCell);
        int cy = (int)Math.Floor((y - Origin.Y) * InverseCell);
        return (uint)cx < (uint)Width && (uint)cy < (uint)Height ? (cy * Width) + cx : -1;
    }

    internal SurfaceKind KindOfCell(int index) => _kind[index];

    internal RoadMarking MarkingOfCell(int index) => _marking[index];

    public SurfaceKind CellKind(int cx, int cy) =>
        (uint)cx < (uint)Width && (uint)cy < (uint)Height ? _kind[(cy * Width) + cx] : SurfaceKind.Wall;

    public static bool IsSolid(SurfaceKind kind) => kind >= SurfaceKind.Building;

    /// <summary>
    /// A lower bound on the distance (m) from a point to the nearest solid cell, from a chamfer distance transform
    /// (capped at 255 cells). Lets the player skip its outline test when nothing solid is near.
    /// </summary>
    public double ClearanceAt(double x, double y)
    {
        byte[] field = _solidDistance ?? throw new InvalidOperationException("Call FinishSolids() after stamping solid objects.");
        int cx = (int)Math.Floor((x - Origin.X) * InverseCell);
        int cy = (int)Math.Floor((y - Origin.Y) * InverseCell);
        return (uint)cx < (uint)Width && (uint)cy < (uint)Height ? Math.Max(0, field[(cy * Width) + cx] - 1.5) * CellSizeMeters : 0;
    }

    /// <summary>Computes the clearance field once every solid object is stamped (two-pass 3-4 chamfer, in cells).</summary>
    internal void FinishSolids()
    {
        var d = new int[_kind.Length];
        const int Far = 1 << 20;
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = IsSolid(_kind[i]) ? 0 : Far;
        }

        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                int i = (y * Width) + x;
                int v = d[i];
                if (x > 0) v = Math.Min(v, d[i - 1] + 3);
                if (y > 0)
                {
                    v = Math.Min(v, d[i - Width] + 3);
                    if (x > 0) v = Math.Min(v, d[i - Width - 1] + 4);
                    if (x < Width - 1) v = Math.Min(v, d[i - Width + 1] + 4);
                }

                d[i] = v;
            }
        }

        for (int y = Height - 1; y >= 0; y--)
        {
            for (int x = Width - 1; x >= 0; x--)
            {
                int i = (y * Width) + x;
                int v = d[i];
                if (x < Width - 1) v = Math.Min(v, d[i + 1] + 3);
                if (y < Height - 1)
                {
                    v = Math.Min(v, d[i + Width] + 3);
                    if (x < Width - 1) v = Math.Min(v, d[i + Width + 1] + 4);
                    if (x > 0) v = Math.Min(v, d[i + Width - 1] + 4);
                }

                d[i] = v;
            }
        }

        // The 3-4 chamfer overestimates Euclidean distance by at most ~8%; dividing by 3.25 keeps a lower bound.
        var field = new byte[d.Length];
        for (int i = 0; i < d.Length; i++)
        {
            field[i] = (byte)Math.Min(255, d[i] / 3.25);
        }

        _solidDistance = field;

        // One byte per cell for renderers: kind × 8 + marking.
        var code = new byte[_kind.Length];
        for (int i = 0; i < code.Length; i++)
        {
            code[i] = (byte)(((int)_kind[i] * 8) + (int)_marking[i]);
        }

        _groundCode = code;

        // Coarser copies for far-away ground: each cell takes its children's paint if any child is painted (so lines
        // stay visible at a distance), else its first child. Smaller arrays keep distant lookups in cache.
        var levels = new List<GroundLevel> { new(code, Width, Height, CellSizeMeters) };
        for (int level = 1; level < GroundLevelCount; level++)
        {
            GroundLevel fine = levels[^1];
            int w = (fine.Width + 1) / 2, h = (fine.Height + 1) / 2;
            var coarse = new byte[w * h];
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    byte chosen = fine.Codes[(2 * y * fine.Width) + (2 * x)];
                    for (int k = 0; k < 4; k++)
                    {
                        int cx = Math.Min(fine.Width - 1, (2 * x) + (k & 1)), cy = Math.Min(fine.Height - 1, (2 * y) + (k >> 1));
                        byte child = fine.Codes[(cy * fine.Width) + cx];
                        if ((child & 7) is (int)RoadMarking.White or (int)RoadMarking.StopLine or (int)RoadMarking.Crosswalk)
                        {
                            chosen = child;
                            break;
                        }
                    }

                    coarse[(y * w) + x] = chosen;
                }
            }

            levels.Add(new GroundLevel(coarse, w, h, fine.CellSize * 2));
        }

        _groundLevels = [.. levels];
    }

    /// <summary>Mip levels of the ground codes (0: the full raster).</summary>
    internal const int GroundLevelCount = 4;

    private GroundLevel[]? _groundLevels;

    /// <summary>Kind × 8 + marking per cell at mip level <paramref name="level"/> (cells 0.2·2^level m).</summary>
    internal GroundLevel Ground(int level) => (_groundLevels ?? throw new InvalidOperationException("The layout is not finished."))[level];

    /// <summary>One level of ground codes: row-major codes, size in cells, cell size in metres.</summary>
    internal sealed record GroundLevel(byte[] Codes, int Width, int Height, double CellSize);

    public static byte EncodeDirection(double headingRadians) =>
        (byte)((int)Math.Round(headingRadians * (256 / (2 * Math.PI))) & 0xFF);

    public static double DecodeDirection(byte direction) => direction * (2 * Math.PI / 256);

    /// <summary>Cell index range covering a world box, clamped to the raster.</summary>
    public (int X0, int Y0, int X1, int Y1) CellRange(Vec2 min, Vec2 max) => (
        Math.Max(0, (int)Math.Floor((min.X - Origin.X) * InverseCell)),
        Math.Max(0, (int)Math.Floor((min.Y - Origin.Y) * InverseCell)),
        Math.Min(Width - 1, (int)Math.Floor((max.X - Origin.X) * InverseCell)),
        Math.Min(Height - 1, (int)Math.Floor((max.Y - Origin.Y) * InverseCell)));

    /// <summary>World centre of a cell, metres.</summary>
    public Vec2 CellCenter(int cx, int cy) => Origin + new Vec2((cx + 0.5) * CellSizeMeters, (cy + 0.5) * CellSizeMeters);

    /// <summary>Marks a cell with a solid kind (used while the layout places objects).</summary>
    internal void SetSolid(int cx, int cy, SurfaceKind kind)
    {
        if ((uint)cx < (uint)Width && (uint)cy < (uint)Height)
        {
            _kind[(cy * Width) + cx] = kind;
        }
    }

    private void Rasterize(RoadNetwork network)
    {
        double halfLane = network.Geometry.LaneWidthMeters / 2;
        double reach = halfLane + network.Geometry.SidewalkWidthMeters;
        var distance = new float[_kind.Length];
        var junction = new bool[_kind.Length];
        Array.Fill(distance, float.PositiveInfinity);

        foreach (Lane lane in network.Lanes)
        {
            // Only intersections are junction areas; bends keep their lane directions, as in CARLA's lane map.
            bool isJunction = lane.Kind == LaneKind.Junction && lane.JunctionKind == JunctionKind.Intersection;

            // A straight lane is one segment: each cell is visited once instead of once per sample.
            bool straight = lane.MaxAbsCurvature < 1e-12 && Math.Abs(Angles.WrapRadians(lane.SampleHeading(0) - lane.SampleHeading(lane.SampleCount - 1))) < 1e-12;
            int step = straight ? lane.SampleCount - 1 : 1;
            for (int i = 0; i + 1 < lane.SampleCount; i += step)
            {
                Vec2 a = lane.SamplePosition(i), b = lane.SamplePosition(i + step);
                Vec2 e = b - a;
                double len2 = e.LengthSquared;
                byte direction = EncodeDirection(e.HeadingRadians);
                (int x0, int y0, int x1, int y1) = CellRange(
                    new Vec2(Math.Min(a.X, b.X) - reach, Math.Min(a.Y, b.Y) - reach),
                    new Vec2(Math.Max(a.X, b.X) + reach, Math.Max(a.Y, b.Y) + reach));
                for (int cy = y0; cy <= y1; cy++)
                {
                    for (int cx = x0; cx <= x1; cx++)
                    {
                        Vec2 c = CellCenter(cx, cy);
                        double t = len2 > 0 ? Math.Clamp(Vec2.Dot(c - a, e) / len2, 0, 1) : 0;
                        float d = (float)(c - (a + (e * t))).Length;
                        int index = (cy * Width) + cx;
                        if (isJunction && d <= halfLane)
                        {
                            junction[index] = true;
                        }

                        if (d < distance[index])
                        {
                            distance[index] = d;
                            _direction[index] = direction;
                        }
                    }
                }
            }
        }

        // A junction's area is all road within its setback square, not only the connectors' sweeps (as the
        // white junction boxes of CARLA's Town01Lanes.png show).
        foreach (Junction j in network.Junctions)
        {
            if (j.Kind != JunctionKind.Intersection)
            {
                continue;
            }

            Vec2 f = j.ArmDirections[0], r = f.Right;
            double half = j.SetbackMeters;
            double extent = half * Math.Sqrt(2);
            (int x0, int y0, int x1, int y1) = CellRange(j.Position - new Vec2(extent, extent), j.Position + new Vec2(extent, extent));
            for (int cy = y0; cy <= y1; cy++)
            {
                for (int cx = x0; cx <= x1; cx++)
                {
                    Vec2 d = CellCenter(cx, cy) - j.Position;
                    int index = (cy * Width) + cx;
                    if (Math.Abs(Vec2.Dot(d, f)) <= half && Math.Abs(Vec2.Dot(d, r)) <= half && distance[index] <= halfLane)
                    {
                        junction[index] = true;
                    }
                }
            }
        }

        int wallCells = (int)Math.Ceiling(1.0 * InverseCell);
        for (int cy = 0; cy < Height; cy++)
        {
            for (int cx = 0; cx < Width; cx++)
            {
                int index = (cy * Width) + cx;
                float d = distance[index];
                _kind[index] = junction[index] ? SurfaceKind.Junction
                    : d <= halfLane ? SurfaceKind.Road
                    : d <= reach ? SurfaceKind.Sidewalk
                    : SurfaceKind.Grass;
                if (_kind[index] != SurfaceKind.Road)
                {
                    _direction[index] = 0;
                }

                if (_kind[index] == SurfaceKind.Sidewalk && d <= halfLane + 0.3)
                {
                    _marking[index] = RoadMarking.Kerb;
                }

                if (cx < wallCells || cy < wallCells || cx >= Width - wallCells || cy >= Height - wallCells)
                {
                    _kind[index] = SurfaceKind.Wall;
                }
            }
        }
    }
}
