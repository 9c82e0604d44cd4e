using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.TestKit;

namespace CarlaDrl.Driving.Tests.Maps;

public sealed class PlannerMapTests
{
    private const string Header = "0.0,0.0,-0.38\n0,0,0\n1,1,1\n-16.43022,-16.43022,0\n49, 41\n";

    private static string SharedTown(string name) => RepositoryPaths.SharedDataPath("carla-0.8.4-planner", name + ".txt");

    [Theory]
    [InlineData("Town01", 44, 49, 41)]
    [InlineData("Town02", 32, 25, 25)]
    public void Shared_planner_files_parse_to_the_published_edge_counts(string town, int edges, int resolutionX, int resolutionY)
    {
        // corl2017 spec §8: Town01 has 44 directed edges, Town02 32; resolutions 49×41 and 25×25.
        PlannerMap map = PlannerMap.Load(SharedTown(town));

        Assert.Equal(edges, map.Edges.Count);
        Assert.Equal(new PlannerNode(resolutionX, resolutionY), map.Resolution);
        Assert.All(map.Edges, e => Assert.Equal(Math.Abs(e.From.X - e.To.X) + Math.Abs(e.From.Y - e.To.Y), e.Length));
    }

    [Fact]
    public void Shared_Town01_header_matches_the_spec_table()
    {
        PlannerMap map = PlannerMap.Load(SharedTown("Town01"));

        Assert.Equal([0.0, 0.0, -0.3811], map.WorldOffset);
        Assert.Equal([0.0, 0.0, 0.0], map.AnglesDegrees);
        Assert.Equal([-16.43022, -16.43022, 0.0], map.MapOffset);
        Assert.Equal(new PlannerEdge(new PlannerNode(0, 0), new PlannerNode(0, 40), 40), map.Edges[0]);
    }

    [Theory]
    [InlineData("Town01")]
    [InlineData("Town02")]
    public void Load_accepts_the_path_with_and_without_the_txt_extension(string town)
    {
        string withExtension = SharedTown(town);
        string withoutExtension = withExtension[..^".txt".Length];

        PlannerMap a = PlannerMap.Load(withExtension);
        PlannerMap b = PlannerMap.Load(withoutExtension);

        Assert.Equal(a.Edges, b.Edges);
        Assert.EndsWith(".txt", b.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_of_a_missing_map_names_both_tried_paths()
    {
        string missing = Path.Combine(RepositoryPaths.SharedData, "carla-0.8.4-planner", "Town99");

        var error = Assert.Throws<FileNotFoundException>(() => PlannerMap.Load(missing));

        Assert.Contains(missing + "'", error.Message, StringComparison.Ordinal);
        Assert.Contains(missing + ".txt", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Town01", BuiltInTowns.Town01Planner)]
    [InlineData("Town02", BuiltInTowns.Town02Planner)]
    public void Built_in_text_equals_the_shared_files(string town, string builtIn)
    {
        PlannerMap shared = PlannerMap.Load(SharedTown(town));
        PlannerMap embedded = PlannerMap.Parse(builtIn, "built-in " + town);

        Assert.Equal(shared.Edges, embedded.Edges);
        Assert.Equal(shared.WorldOffset, embedded.WorldOffset);
        Assert.Equal(shared.AnglesDegrees, embedded.AnglesDegrees);
        Assert.Equal(shared.MapOffset, embedded.MapOffset);
        Assert.Equal(shared.Resolution, embedded.Resolution);
        Assert.Equal(NonEmptyLines(File.ReadAllText(SharedTown(town))), NonEmptyLines(builtIn));
    }

    [Theory]
    // converter.py: world = (node + 2)·50·0.1643 + mapOffset − worldOffset. The map offset is −16.43022, not
    // −16.43, so node (0, 0) lands 0.22 mm short of the round numbers the spec quotes (x = 0, x ≈ 328.6 m).
    [InlineData("Town01", 0, 0, -0.00022, -0.00022)]
    [InlineData("Town01", 48, 40, 394.31978, 328.59978)]
    [InlineData("Town01", 0, 40, -0.00022, 328.59978)]
    [InlineData("Town02", 0, 0, -5.44022, 107.47978)]
    [InlineData("Town02", 24, 24, 191.71978, 304.63978)]
    public void Node_to_world_follows_converter_py(string town, int x, int y, double worldX, double worldY)
    {
        PlannerMap map = PlannerMap.Load(SharedTown(town));

        Vec2 world = map.NodeToWorld(new PlannerNode(x, y));

        Assert.Equal(worldX, world.X, 1e-6);
        Assert.Equal(worldY, world.Y, 1e-6);
    }

    [Fact]
    public void Node_to_world_matches_the_spec_examples_to_a_millimetre()
    {
        PlannerMap town01 = PlannerMap.Load(SharedTown("Town01"));
        PlannerMap town02 = PlannerMap.Load(SharedTown("Town02"));

        // Spec §8: node 0 is x = 0 and node 40 is about 328.6 m in Town01; Town02 is shifted by its world offset.
        AssertNear(new Vec2(0, 0), town01.NodeToWorld(new PlannerNode(0, 0)), 1e-3);
        AssertNear(new Vec2(394.32, 328.6), town01.NodeToWorld(new PlannerNode(48, 40)), 1e-3);
        AssertNear(new Vec2((PlannerMap.MetersPerNode * 0) - 5.44, 107.48), town02.NodeToWorld(new PlannerNode(0, 0)), 1e-3);
        AssertNear(new Vec2((PlannerMap.MetersPerNode * 3) - 5.44, 107.48 + (PlannerMap.MetersPerNode * 7)), town02.NodeToWorld(new PlannerNode(3, 7)), 1e-3);
    }

    [Theory]
    [InlineData("Town01")]
    [InlineData("Town02")]
    public void World_to_pixel_inverts_node_to_world(string town)
    {
        PlannerMap map = PlannerMap.Load(SharedTown(town));
        foreach (PlannerEdge edge in map.Edges)
        {
            // Half a pixel inside the node's pixel so that floor() is not at the mercy of rounding.
            Vec2 world = map.NodeToWorld(edge.From) + new Vec2(0.5 * PlannerMap.PixelDensity, 0.5 * PlannerMap.PixelDensity);

            (int px, int py) = map.WorldToPixel(world);

            Assert.Equal(((edge.From.X + 2) * PlannerMap.NodeDensity, (edge.From.Y + 2) * PlannerMap.NodeDensity), (px, py));
        }
    }

    [Fact]
    public void World_to_pixel_rotates_like_converter_py()
    {
        // converter.py multiplies the world point as a row vector by [[c, −s], [s, c]]: (x, y)·R = (x·c + y·s, −x·s + y·c).
        // With 90° that maps world (10, 20) to (20, −10) before the offsets (world 0, map −100).
        PlannerMap map = PlannerMap.Parse("0,0,0\n0,0,90\n1,1,1\n-100,-100,0\n10, 10\n0,0 0,1 1\n0,1 0,0 1\n", "rotated");

        (int px, int py) = map.WorldToPixel(new Vec2(10, 20));

        Assert.Equal((int)Math.Floor(120 / PlannerMap.PixelDensity), px);
        Assert.Equal((int)Math.Floor(90 / PlannerMap.PixelDensity), py);
    }

    [Fact]
    public void Node_to_world_inverts_the_rotation_of_world_to_pixel()
    {
        PlannerMap map = PlannerMap.Parse("3,-4,0\n0,0,30\n1,1,1\n-16.43022,-16.43022,0\n10, 10\n0,0 0,5 5\n0,5 0,0 5\n", "rotated");
        for (int x = 0; x < 6; x++)
        {
            for (int y = 0; y < 6; y++)
            {
                var node = new PlannerNode(x, y);
                Vec2 world = map.NodeToWorld(node);

                // Nudge along the rotated pixel diagonal so the round trip lands inside the node's pixel.
                double angle = 30 * Angles.RadiansPerDegree;
                Vec2 nudge = new Vec2((Math.Cos(angle) - Math.Sin(angle)) * 0.5, (Math.Sin(angle) + Math.Cos(angle)) * 0.5) * PlannerMap.PixelDensity;
                (int px, int py) = map.WorldToPixel(world + nudge);

                Assert.Equal(((x + 2) * PlannerMap.NodeDensity, (y + 2) * PlannerMap.NodeDensity), (px, py));
            }
        }
    }

    [Fact]
    public void Parse_accepts_spaces_after_header_commas_blank_lines_and_crlf()
    {
        // CARLA's graph.py splits edge lines on whitespace, so only header tuples may carry spaces after commas.
        PlannerMap map = PlannerMap.Parse("\n0.0, 0.0, 0.0\r\n0,0,0\n1,1,1\n-16.43022, -16.43022, 0\n\n49, 41\n0,0 0,40 40\n   \n0,40   0,0\t40\r\n", "spaced");

        Assert.Equal(
            [new PlannerEdge(new PlannerNode(0, 0), new PlannerNode(0, 40), 40), new PlannerEdge(new PlannerNode(0, 40), new PlannerNode(0, 0), 40)],
            map.Edges);
    }

    [Theory]
    [InlineData("0,0,0\n0,0,0\n1,1,1\n0,0,0\n49, 41\n", "bad.txt: a planner map needs 5 header lines and at least one edge; found 5")]
    [InlineData(Header + "0,0 0,40\n", "bad.txt:6: an edge line is 'x1,y1 x2,y2 length'")]
    [InlineData(Header + "0,0 0,40 40\n0,40 0,0 40 7\n", "bad.txt:7: an edge line")]
    [InlineData(Header + "0,0 0,a 40\n", "bad.txt:6: node '0,a'")]
    [InlineData(Header + "0,0 0.5,40 40\n", "bad.txt:6: node '0.5,40'")]
    [InlineData(Header + "0,0 0,40 forty\n", "bad.txt:6: edge length 'forty'")]
    [InlineData(Header + "0,0 0,40 -4\n", "bad.txt:6: edge length '-4'")]
    [InlineData(Header + "3,4 3,4 0\n", "bad.txt:6: edge length '0'")]
    [InlineData(Header + "3,4 3,4 1\n", "bad.txt:6: edge 3,4 → 3,4 starts and ends at the same node")]
    [InlineData("0.0,x,0\n0,0,0\n1,1,1\n0,0,0\n49, 41\n0,0 0,1 1\n", "bad.txt:1: 'x' in the world offset x,y,z line is not a number")]
    [InlineData("0,0,0\n0,0,0\n1,1,1\n0,0,0\n\n49\n0,0 0,1 1\n", "bad.txt:6: expected 2 comma-separated numbers (graph resolution X, Y)")]
    public void Malformed_input_names_the_source_and_line(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => PlannerMap.Parse(text, "bad.txt"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static List<string> NonEmptyLines(string text) =>
        [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    private static void AssertNear(Vec2 expected, Vec2 actual, double tolerance) =>
        Assert.True(Vec2.Distance(expected, actual) <= tolerance, $"expected {expected}, got {actual} (tolerance {tolerance} m)");
}
