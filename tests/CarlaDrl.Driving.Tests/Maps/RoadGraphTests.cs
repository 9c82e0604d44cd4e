using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.TestKit;

namespace CarlaDrl.Driving.Tests.Maps;

public sealed class RoadGraphTests
{
    // A 2×1 block ladder in node units: (0,0)-(10,0)-(20,0) / (0,10)-(10,10)-(20,10) with rungs at 0, 10 and 20.
    private const string Ladder = """
        0,0,0
        0,0,0
        1,1,1
        -16.43022,-16.43022,0
        21, 11
        0,0 10,0 10
        10,0 0,0 10
        10,0 20,0 10
        20,0 10,0 10
        0,10 10,10 10
        10,10 0,10 10
        10,10 20,10 10
        20,10 10,10 10
        0,0 0,10 10
        0,10 0,0 10
        10,0 10,10 10
        10,10 10,0 10
        20,0 20,10 10
        20,10 20,0 10
        """;

    [Theory]
    [InlineData("Town01", 22, 16)]
    [InlineData("Town02", 16, 12)]
    public void Shared_towns_have_one_segment_per_two_way_road(string town, int segments, int nodes)
    {
        PlannerMap map = PlannerMap.Load(RepositoryPaths.SharedDataPath("carla-0.8.4-planner", town + ".txt"));

        RoadGraph graph = RoadGraph.FromPlannerMap(map);

        Assert.Equal(segments, graph.Segments.Count);
        Assert.Equal(nodes, graph.Nodes.Count);
        Assert.NotNull(graph.PlannerNodes);
        Assert.All(graph.Segments, s => Assert.True(s.A < s.B));
        for (int n = 0; n < graph.Nodes.Count; n++)
        {
            Assert.Equal(map.NodeToWorld(graph.PlannerNodes[n]), graph.Nodes[n]);
        }

        // Every segment is one directed edge pair of the file, and its length is the planner length in metres.
        foreach ((int a, int b) in graph.Segments)
        {
            PlannerEdge edge = Assert.Single(map.Edges, e => e.From == graph.PlannerNodes[a] && e.To == graph.PlannerNodes[b]);
            Assert.Equal(edge.Length * PlannerMap.MetersPerNode, Vec2.Distance(graph.Nodes[a], graph.Nodes[b]), 1e-9);
        }
    }

    [Fact]
    public void The_ladder_fixture_is_valid()
    {
        RoadGraph graph = RoadGraph.FromPlannerMap(PlannerMap.Parse(Ladder, "ladder"));

        Assert.Equal(7, graph.Segments.Count);
        Assert.Equal([2, 3, 2, 2, 3, 2], Enumerable.Range(0, graph.Nodes.Count).Select(n => graph.SegmentsAt(n).Count()));
        Assert.Equal(new PlannerNode(10, 0), graph.PlannerNodes![1]);
    }

    [Fact]
    public void A_one_way_edge_is_rejected_with_its_nodes()
    {
        string text = Ladder.Replace("20,10 20,0 10", "", StringComparison.Ordinal);

        var error = Assert.Throws<FormatException>(() => RoadGraph.FromPlannerMap(PlannerMap.Parse(text, "oneway.txt")));

        Assert.Contains("oneway.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("edge 20,0 → 20,10 has no reverse edge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dead_end_is_rejected_with_the_node()
    {
        string text = Ladder + "\n20,10 30,10 10\n30,10 20,10 10\n";

        var error = Assert.Throws<FormatException>(() => RoadGraph.FromPlannerMap(PlannerMap.Parse(text, "deadend.txt")));

        Assert.Contains("deadend.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("node 30,10", error.Message, StringComparison.Ordinal);
        Assert.Contains("dead end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_disconnected_graph_is_rejected_with_a_node_of_the_detached_part()
    {
        const string Square = "\n40,0 50,0 10\n50,0 40,0 10\n50,0 50,10 10\n50,10 50,0 10\n50,10 40,10 10\n40,10 50,10 10\n40,10 40,0 10\n40,0 40,10 10\n";

        var error = Assert.Throws<FormatException>(() => RoadGraph.FromPlannerMap(PlannerMap.Parse(Ladder + Square, "islands.txt")));

        Assert.Contains("islands.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("node 40,0", error.Message, StringComparison.Ordinal);
        Assert.Contains("not connected", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_directed_edge_listed_twice_is_rejected_with_its_nodes()
    {
        string text = Ladder + "\n10,0 10,10 10\n";

        var error = Assert.Throws<FormatException>(() => RoadGraph.FromPlannerMap(PlannerMap.Parse(text, "twice.txt")));

        Assert.Contains("twice.txt", error.Message, StringComparison.Ordinal);
        Assert.Contains("edge 10,0 → 10,10 is listed twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_segment_listed_twice_is_rejected_with_its_nodes()
    {
        Vec2[] nodes = [new(0, 0), new(100, 0), new(100, 100), new(0, 100)];

        var error = Assert.Throws<FormatException>(() => new RoadGraph(nodes, [(0, 1), (1, 2), (2, 3), (3, 0), (1, 0)], "dup"));

        Assert.Contains("dup:", error.Message, StringComparison.Ordinal);
        Assert.Contains("#1 (100, 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("#0 (0, 0)", error.Message, StringComparison.Ordinal);
        Assert.Contains("listed twice", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(2, 2)]
    [InlineData(-1, 0)]
    public void A_segment_to_a_missing_node_or_a_loop_is_rejected(int a, int b)
    {
        Vec2[] nodes = [new(0, 0), new(100, 0), new(100, 100), new(0, 100)];

        var error = Assert.Throws<FormatException>(() => new RoadGraph(nodes, [(0, 1), (1, 2), (2, 3), (3, 0), (a, b)], "bad"));

        Assert.Contains($"segment ({a}, {b})", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_node_without_roads_is_rejected_with_the_node()
    {
        // An isolated node used to pass validation and then crash RoadNetwork (a junction with no arms).
        Vec2[] nodes = [new(0, 0), new(100, 0), new(100, 100), new(0, 100), new(500, 500)];

        var error = Assert.Throws<FormatException>(() => new RoadGraph(nodes, [(0, 1), (1, 2), (2, 3), (3, 0)], "lonely"));

        Assert.Contains("lonely:", error.Message, StringComparison.Ordinal);
        Assert.Contains("#4 (500, 500)", error.Message, StringComparison.Ordinal);
    }
}
