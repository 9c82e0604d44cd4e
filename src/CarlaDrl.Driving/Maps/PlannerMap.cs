using System.Globalization;
using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// A CARLA 0.8.4 planner map file (<c>PythonClient/carla/planner/TownXX.txt</c>), format and conversions as in
/// ../shared/specs/corl2017-benchmark.md §8 (<c>converter.py</c>): world offset, angles, scale (unused), map offset,
/// graph resolution, then one directed edge per line. Node (i, j) lies at pixel ((i + 2)·50, (j + 2)·50) and
/// world = pixel·0.1643 + mapOffset − worldOffset (rotation about Z applied for non-zero angles).
/// </summary>
public sealed class PlannerMap
{
    /// <summary>Metres per map pixel.</summary>
    public const double PixelDensity = 0.1643;

    /// <summary>Pixels per graph node unit.</summary>
    public const int NodeDensity = 50;

    /// <summary>Metres per graph node unit (50 × 0.1643).</summary>
    public const double MetersPerNode = PixelDensity * NodeDensity;

    private PlannerMap(string source, double[] worldOffset, double[] angles, double[] mapOffset, PlannerNode resolution, IReadOnlyList<PlannerEdge> edges)
    {
        Source = source;
        WorldOffset = worldOffset;
        AnglesDegrees = angles;
        MapOffset = mapOffset;
        Resolution = resolution;
        Edges = edges;
    }

    /// <summary>Where the map came from (file path or built-in name), for messages.</summary>
    public string Source { get; }

    /// <summary>World offset x, y, z in metres (line 1).</summary>
    public IReadOnlyList<double> WorldOffset { get; }

    /// <summary>Three angles in degrees; the third rotates world to map about Z (line 2).</summary>
    public IReadOnlyList<double> AnglesDegrees { get; }

    /// <summary>Map offset x, y, z in metres (line 4).</summary>
    public IReadOnlyList<double> MapOffset { get; }

    /// <summary>Graph resolution in nodes (line 5).</summary>
    public PlannerNode Resolution { get; }

    /// <summary>Directed edges in file order.</summary>
    public IReadOnlyList<PlannerEdge> Edges { get; }

    /// <summary>
    /// Loads a planner map. <paramref name="path"/> may name the .txt file or the town without extension,
    /// as CARLA's <c>CarlaMap</c> takes it (e.g. <c>…/planner/Town01</c>).
    /// </summary>
    public static PlannerMap Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string file = File.Exists(path) ? path : path + ".txt";
        if (!File.Exists(file))
        {
            throw new FileNotFoundException(
                $"Planner map '{path}' not found (tried '{path}' and '{file}'). Point --map at a CARLA 0.8.4 planner file such as PythonClient/carla/planner/Town01.txt.",
                file);
        }

        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Parses planner map text; errors name the source and line.</summary>
    public static PlannerMap Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Replace("\r", "", StringComparison.Ordinal).Split('\n');
        var content = new List<(int Number, string Text)>();
        for (int i = 0; i < lines.Length; i++)
        {
            if (!string.IsNullOrWhiteSpace(lines[i]))
            {
                content.Add((i + 1, lines[i].Trim()));
            }
        }

        if (content.Count < 6)
        {
            throw new FormatException($"{source}: a planner map needs 5 header lines and at least one edge; found {content.Count} non-empty lines.");
        }

        double[] worldOffset = ParseFloats(content[0], 3, "world offset x,y,z", source);
        double[] angles = ParseFloats(content[1], 3, "angles", source);
        _ = ParseFloats(content[2], 3, "scale", source);
        double[] mapOffset = ParseFloats(content[3], 3, "map offset x,y,z", source);
        double[] resolution = ParseFloats(content[4], 2, "graph resolution X, Y", source);
        var edges = new List<PlannerEdge>();
        for (int i = 5; i < content.Count; i++)
        {
            (int number, string line) = content[i];
            string[] parts = line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3)
            {
                throw new FormatException($"{source}:{number}: an edge line is 'x1,y1 x2,y2 length'; got '{line}'.");
            }

            PlannerNode from = ParseNode(parts[0], number, source);
            PlannerNode to = ParseNode(parts[1], number, source);
            if (!double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double length) || !(length > 0))
            {
                throw new FormatException($"{source}:{number}: edge length '{parts[2]}' is not a positive number.");
            }

            if (from == to)
            {
                throw new FormatException($"{source}:{number}: edge {from} → {to} starts and ends at the same node.");
            }

            edges.Add(new PlannerEdge(from, to, length));
        }

        return new PlannerMap(source, worldOffset, angles, mapOffset, new PlannerNode((int)resolution[0], (int)resolution[1]), edges);
    }

    /// <summary>World position (m) of a graph node: node → pixel → world (converter.py).</summary>
    public Vec2 NodeToWorld(PlannerNode node)
    {
        double px = (node.X + 2.0) * NodeDensity;
        double py = (node.Y + 2.0) * NodeDensity;
        double x = (px * PixelDensity) + MapOffset[0] - WorldOffset[0];
        double y = (py * PixelDensity) + MapOffset[1] - WorldOffset[1];
        double angle = AnglesDegrees[2] * Angles.RadiansPerDegree;
        if (angle == 0)
        {
            return new Vec2(x, y);
        }

        // converter.py maps world→pixel as the row vector (x, y)·R with R = [[c, −s], [s, c]], i.e. it rotates by
        // −angle; undo that by rotating +angle. (converter.py's own _pixel_to_world skips the rotation, so it does not
        // round-trip for rotated maps; both CARLA 0.8.4 towns have angle 0, where the two agree.)
        double c = Math.Cos(angle), s = Math.Sin(angle);
        return new Vec2((x * c) - (y * s), (x * s) + (y * c));
    }

    /// <summary>Map pixel of a world position (converter.py <c>_world_to_pixel</c>).</summary>
    public (int X, int Y) WorldToPixel(Vec2 world)
    {
        double angle = AnglesDegrees[2] * Angles.RadiansPerDegree;
        double c = Math.Cos(angle), s = Math.Sin(angle);
        // (x, y)·R as converter.py's rotation.dot(self._worldrotation), row vector times matrix.
        double rx = (world.X * c) + (world.Y * s);
        double ry = (-world.X * s) + (world.Y * c);
        double x = rx + WorldOffset[0] - MapOffset[0];
        double y = ry + WorldOffset[1] - MapOffset[1];
        return ((int)Math.Floor(x / PixelDensity), (int)Math.Floor(y / PixelDensity));
    }

    private static PlannerNode ParseNode(string text, int line, string source)
    {
        string[] parts = text.Split(',');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int x)
            || !int.TryParse(parts[1].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int y))
        {
            throw new FormatException($"{source}:{line}: node '{text}' is not 'x,y' with integer node coordinates.");
        }

        return new PlannerNode(x, y);
    }

    private static double[] ParseFloats((int Number, string Text) line, int count, string what, string source)
    {
        string[] parts = line.Text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < count)
        {
            throw new FormatException($"{source}:{line.Number}: expected {count} comma-separated numbers ({what}); got '{line.Text}'.");
        }

        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new FormatException($"{source}:{line.Number}: '{parts[i]}' in the {what} line is not a number.");
            }
        }

        return values;
    }
}
