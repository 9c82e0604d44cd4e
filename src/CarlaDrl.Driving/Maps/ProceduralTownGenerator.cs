using CarlaDrl.Driving.Geometry;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Maps;

/// <summary>
/// Seeded random towns in the style of CARLA 0.8.4's: axis-aligned two-way roads on a grid with random block
/// lengths, some interior roads removed to make T-junctions and bends. The town is always valid for
/// <see cref="RoadGraph"/> (connected, no dead ends) and its lane graph is strongly connected: every node keeps two
/// or more roads and the outer ring plus at least one interior road survive, so the graph is never a bare cycle
/// (a cycle's two directions cannot reach each other without U-turns). Straight-through nodes left with two
/// collinear roads are merged away, as planner maps have none.
/// </summary>
public static class ProceduralTownGenerator
{
    /// <summary>Builds the town of <paramref name="options"/>; the same options always give the same town.</summary>
    public static TownMap Generate(ProceduralTownOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RoadGraph graph = GenerateGraph(options);
        var network = new RoadNetwork(graph, options.RoadGeometry);
        string name = graph.Source;
        return options.StartSpotSpacingMeters is double spacing
            ? new TownMap(name, network, startSpotSpacingMeters: spacing)
            : new TownMap(name, network);
    }

    /// <summary>The road graph of <paramref name="options"/> (nodes in metres, two-way segments).</summary>
    public static RoadGraph GenerateGraph(ProceduralTownOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var rng = new Rng(options.Seed);
        double[] xs = GridLines(rng, options.BlocksX, options);
        double[] ys = GridLines(rng, options.BlocksY, options);
        int columns = xs.Length;
        var positions = new List<Vec2>(xs.Length * ys.Length);
        foreach (double y in ys)
        {
            foreach (double x in xs)
            {
                positions.Add(new Vec2(x, y));
            }
        }

        var adjacency = new List<HashSet<int>>(positions.Count);
        for (int n = 0; n < positions.Count; n++)
        {
            adjacency.Add([]);
        }

        var interior = new List<(int A, int B)>();
        for (int j = 0; j < ys.Length; j++)
        {
            for (int i = 0; i < xs.Length; i++)
            {
                int n = (j * columns) + i;
                if (i + 1 < xs.Length)
                {
                    Connect(adjacency, n, n + 1);
                    if (j > 0 && j < ys.Length - 1)
                    {
                        interior.Add((n, n + 1));
                    }
                }

                if (j + 1 < ys.Length)
                {
                    Connect(adjacency, n, n + columns);
                    if (i > 0 && i < xs.Length - 1)
                    {
                        interior.Add((n, n + columns));
                    }
                }
            }
        }

        RemoveInteriorRoads(rng, adjacency, interior, options.RemovedRoadFraction);
        MergeStraightThroughNodes(positions, adjacency);
        return Compact(positions, adjacency, $"Procedural-{options.Seed}");
    }

    private static double[] GridLines(Rng rng, int blocks, ProceduralTownOptions options)
    {
        var lines = new double[blocks + 1];
        for (int i = 1; i <= blocks; i++)
        {
            lines[i] = lines[i - 1] + rng.Uniform(options.MinBlockLengthMeters, options.MaxBlockLengthMeters);
        }

        return lines;
    }

    private static void RemoveInteriorRoads(Rng rng, List<HashSet<int>> adjacency, List<(int A, int B)> interior, double fraction)
    {
        // Fisher–Yates with the town's generator, so the removal order is part of the seed.
        for (int i = interior.Count - 1; i > 0; i--)
        {
            int k = rng.NextInt(i + 1);
            (interior[i], interior[k]) = (interior[k], interior[i]);
        }

        int target = (int)Math.Round(fraction * interior.Count);
        int removed = 0;
        foreach ((int a, int b) in interior)
        {
            if (removed == target)
            {
                break;
            }

            if (adjacency[a].Count <= 2 || adjacency[b].Count <= 2)
            {
                continue; // would leave a dead end
            }

            adjacency[a].Remove(b);
            adjacency[b].Remove(a);
            if (Connected(adjacency))
            {
                removed++;
            }
            else
            {
                Connect(adjacency, a, b);
            }
        }
    }

    private static void MergeStraightThroughNodes(List<Vec2> positions, List<HashSet<int>> adjacency)
    {
        for (int n = 0; n < positions.Count; n++)
        {
            if (adjacency[n].Count != 2)
            {
                continue;
            }

            int u = adjacency[n].Min(), v = adjacency[n].Max();
            if (Vec2.Dot((positions[u] - positions[n]).Normalized, (positions[v] - positions[n]).Normalized) > -0.999)
            {
                continue; // a bend, kept as a corner
            }

            // u and v lie on one grid line on either side of n, so they cannot already share a road.
            adjacency[n].Clear();
            adjacency[u].Remove(n);
            adjacency[v].Remove(n);
            Connect(adjacency, u, v);
        }
    }

    private static RoadGraph Compact(List<Vec2> positions, List<HashSet<int>> adjacency, string source)
    {
        var index = new int[positions.Count];
        var nodes = new List<Vec2>();
        for (int n = 0; n < positions.Count; n++)
        {
            index[n] = adjacency[n].Count > 0 ? nodes.Count : -1;
            if (index[n] >= 0)
            {
                nodes.Add(positions[n]);
            }
        }

        var segments = new List<(int A, int B)>();
        for (int n = 0; n < positions.Count; n++)
        {
            foreach (int m in adjacency[n].Order())
            {
                if (n < m)
                {
                    segments.Add((index[n], index[m]));
                }
            }
        }

        return new RoadGraph(nodes, segments, source);
    }

    private static bool Connected(List<HashSet<int>> adjacency)
    {
        int start = adjacency.FindIndex(a => a.Count > 0);
        var reached = new bool[adjacency.Count];
        var stack = new Stack<int>();
        stack.Push(start);
        reached[start] = true;
        int count = 1;
        while (stack.Count > 0)
        {
            foreach (int m in adjacency[stack.Pop()])
            {
                if (!reached[m])
                {
                    reached[m] = true;
                    count++;
                    stack.Push(m);
                }
            }
        }

        return count == adjacency.Count(a => a.Count > 0);
    }

    private static void Connect(List<HashSet<int>> adjacency, int a, int b)
    {
        adjacency[a].Add(b);
        adjacency[b].Add(a);
    }
}
