using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// An undirected road graph: node positions in world metres and two-way road segments between them.
/// Every CARLA 0.8.4 planner edge is listed in both directions (corl2017 spec §8); this graph keeps one segment
/// per pair and rejects one-way edges, nodes without roads, dead ends and disconnected parts with messages that name the node.
/// </summary>
public sealed class RoadGraph
{
    public RoadGraph(IReadOnlyList<Vec2> nodes, IReadOnlyList<(int A, int B)> segments, string source, IReadOnlyList<PlannerNode>? plannerNodes = null)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(segments);
        Nodes = nodes;
        Segments = segments;
        Source = source;
        PlannerNodes = plannerNodes;
        Validate();
    }

    /// <summary>Node positions, metres.</summary>
    public IReadOnlyList<Vec2> Nodes { get; }

    /// <summary>Two-way segments as node index pairs.</summary>
    public IReadOnlyList<(int A, int B)> Segments { get; }

    /// <summary>The planner node of each node when the graph came from a planner map.</summary>
    public IReadOnlyList<PlannerNode>? PlannerNodes { get; }

    public string Source { get; }

    /// <summary>Builds the graph of a planner map; node order follows first appearance in the file.</summary>
    public static RoadGraph FromPlannerMap(PlannerMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var index = new Dictionary<PlannerNode, int>();
        var plannerNodes = new List<PlannerNode>();
        var directed = new HashSet<(int, int)>();
        int NodeIndex(PlannerNode node)
        {
            if (!index.TryGetValue(node, out int i))
            {
                i = plannerNodes.Count;
                index.Add(node, i);
                plannerNodes.Add(node);
            }

            return i;
        }

        var segments = new List<(int, int)>();
        foreach (PlannerEdge edge in map.Edges)
        {
            int a = NodeIndex(edge.From), b = NodeIndex(edge.To);
            if (!directed.Add((a, b)))
            {
                throw new FormatException($"{map.Source}: edge {edge.From} → {edge.To} is listed twice.");
            }

            if (directed.Contains((b, a)))
            {
                segments.Add((Math.Min(a, b), Math.Max(a, b)));
            }
        }

        foreach ((int a, int b) in directed)
        {
            if (!directed.Contains((b, a)))
            {
                throw new FormatException(
                    $"{map.Source}: edge {plannerNodes[a]} → {plannerNodes[b]} has no reverse edge; one-way roads are not supported (CARLA 0.8.4 towns list every road in both directions).");
            }
        }

        segments.Sort();
        var positions = plannerNodes.Select(map.NodeToWorld).ToList();
        return new RoadGraph(positions, segments, map.Source, plannerNodes);
    }

    /// <summary>Indices of the segments that touch node <paramref name="node"/>.</summary>
    public IEnumerable<int> SegmentsAt(int node)
    {
        for (int s = 0; s < Segments.Count; s++)
        {
            if (Segments[s].A == node || Segments[s].B == node)
            {
                yield return s;
            }
        }
    }

    /// <summary>A readable name for node <paramref name="node"/> (planner coordinates when known).</summary>
    public string NodeName(int node) =>
        PlannerNodes is null ? $"#{node} {Nodes[node]}" : $"{PlannerNodes[node]} {Nodes[node]}";

    private void Validate()
    {
        if (Nodes.Count < 2 || Segments.Count < 1)
        {
            throw new FormatException($"{Source}: a road graph needs at least two nodes and one road.");
        }

        var degree = new int[Nodes.Count];
        var seen = new HashSet<(int, int)>();
        foreach ((int a, int b) in Segments)
        {
            if (a < 0 || b < 0 || a >= Nodes.Count || b >= Nodes.Count || a == b)
            {
                throw new FormatException($"{Source}: segment ({a}, {b}) refers to a missing node or loops on one node.");
            }

            if (!seen.Add((Math.Min(a, b), Math.Max(a, b))))
            {
                throw new FormatException($"{Source}: the road between {NodeName(a)} and {NodeName(b)} is listed twice.");
            }

            degree[a]++;
            degree[b]++;
        }

        for (int n = 0; n < Nodes.Count; n++)
        {
            if (degree[n] == 0)
            {
                throw new FormatException($"{Source}: node {NodeName(n)} has no roads; drop it from the node list (a junction needs at least two roads).");
            }

            if (degree[n] == 1)
            {
                throw new FormatException($"{Source}: node {NodeName(n)} is a dead end; every node needs at least two roads (vehicles cannot turn around).");
            }
        }

        // Connectivity: every node reachable from the first (roads are two-way).
        var reached = new bool[Nodes.Count];
        var stack = new Stack<int>();
        stack.Push(Segments[0].A);
        reached[Segments[0].A] = true;
        while (stack.Count > 0)
        {
            int n = stack.Pop();
            foreach ((int a, int b) in Segments)
            {
                int other = a == n ? b : b == n ? a : -1;
                if (other >= 0 && !reached[other])
                {
                    reached[other] = true;
                    stack.Push(other);
                }
            }
        }

        for (int n = 0; n < Nodes.Count; n++)
        {
            if (!reached[n])
            {
                throw new FormatException($"{Source}: node {NodeName(n)} is not connected to the rest of the road network.");
            }
        }
    }
}
