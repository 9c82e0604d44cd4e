using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Tests.Maps;

public sealed class ProceduralTownGeneratorTests
{
    [Fact]
    public void The_same_seed_gives_the_same_town()
    {
        var options = new ProceduralTownOptions { Seed = 1234, BlocksX = 6, BlocksY = 5, RemovedRoadFraction = 0.4 };

        TownMap a = ProceduralTownGenerator.Generate(options);
        TownMap b = ProceduralTownGenerator.Generate(options with { });

        Assert.Equal("Procedural-1234", a.Name);
        Assert.Equal(a.Network.Graph.Nodes, b.Network.Graph.Nodes);
        Assert.Equal(a.Network.Graph.Segments, b.Network.Graph.Segments);
        Assert.Equal(a.StartSpots.Select(s => s.Transform), b.StartSpots.Select(s => s.Transform));
    }

    [Fact]
    public void Different_seeds_give_different_towns()
    {
        var towns = Enumerable.Range(0, 20)
            .Select(seed => ProceduralTownGenerator.GenerateGraph(new ProceduralTownOptions { Seed = seed }))
            .ToList();

        for (int i = 0; i < towns.Count; i++)
        {
            for (int j = i + 1; j < towns.Count; j++)
            {
                Assert.False(
                    towns[i].Nodes.SequenceEqual(towns[j].Nodes) && towns[i].Segments.SequenceEqual(towns[j].Segments),
                    $"seeds {i} and {j} gave the same town");
            }
        }
    }

    [Fact]
    public void Without_removals_the_town_is_a_full_grid()
    {
        var options = new ProceduralTownOptions { Seed = 5, BlocksX = 5, BlocksY = 3, RemovedRoadFraction = 0 };

        RoadNetwork network = ProceduralTownGenerator.Generate(options).Network;

        Assert.Equal(6 * 4, network.Graph.Nodes.Count);
        Assert.Equal((5 * 4) + (6 * 3), network.Graph.Segments.Count);
        Assert.Equal(4, network.Junctions.Count(j => j.Kind == JunctionKind.Corner));
        Assert.Equal((2 * 4) + (2 * 2), network.Junctions.Count(j => j.ArmDirections.Count == 3));
        Assert.Equal(4 * 2, network.Junctions.Count(j => j.ArmDirections.Count == 4));

        // Block lengths lie in [min, max).
        double[] xs = [.. network.Graph.Nodes.Select(n => n.X).Distinct().Order()];
        Assert.Equal(6, xs.Length);
        Assert.Equal(0, xs[0]);
        Assert.All(xs.Zip(xs.Skip(1), (a, b) => b - a), d => Assert.InRange(d, options.MinBlockLengthMeters, options.MaxBlockLengthMeters));
    }

    [Fact]
    public void Random_options_give_valid_towns_for_200_seeds()
    {
        var rng = new Rng(2017);
        int corners = 0, tees = 0, crossings = 0;
        for (int seed = 0; seed < 200; seed++)
        {
            double min = rng.Uniform(40, 150);
            var options = new ProceduralTownOptions
            {
                Seed = seed,
                BlocksX = rng.NextInt(ProceduralTownOptions.MinBlocks, 9),
                BlocksY = rng.NextInt(ProceduralTownOptions.MinBlocks, 9),
                MinBlockLengthMeters = min,
                MaxBlockLengthMeters = rng.Uniform(min, 200),
                RemovedRoadFraction = rng.Uniform(0, ProceduralTownOptions.MaxRemovedRoadFraction),
                StartSpotSpacingMeters = rng.NextInt(2) == 0 ? null : rng.Uniform(10, 80),
            };

            TownMap town = ProceduralTownGenerator.Generate(options);

            AssertValid(town, options);
            corners += town.Network.Junctions.Count(j => j.ArmDirections.Count == 2);
            tees += town.Network.Junctions.Count(j => j.ArmDirections.Count == 3);
            crossings += town.Network.Junctions.Count(j => j.ArmDirections.Count == 4);
        }

        // Removals turn crossings into T-junctions and bends; a healthy mix of all three remains.
        Assert.True(corners > 800, $"{corners} corners");
        Assert.True(tees > 800, $"{tees} T-junctions");
        Assert.True(crossings > 200, $"{crossings} crossings");
    }

    [Fact]
    public void The_largest_towns_are_valid()
    {
        foreach (long seed in new long[] { -7, 0, 99 })
        {
            var options = new ProceduralTownOptions
            {
                Seed = seed,
                BlocksX = ProceduralTownOptions.MaxBlocks,
                BlocksY = ProceduralTownOptions.MaxBlocks,
                MinBlockLengthMeters = 40,
                MaxBlockLengthMeters = 45,
                RemovedRoadFraction = ProceduralTownOptions.MaxRemovedRoadFraction,
            };

            AssertValid(ProceduralTownGenerator.Generate(options), options);
        }
    }

    [Fact]
    public void Removing_roads_makes_t_junctions_and_bends_inside_the_town()
    {
        var options = new ProceduralTownOptions { Seed = 3, BlocksX = 8, BlocksY = 8, RemovedRoadFraction = 0.5 };

        RoadNetwork network = ProceduralTownGenerator.Generate(options).Network;

        // A full 8×8 grid has 112 interior roads and 49 crossings; half the roads go where the rules allow.
        int interiorSegments = 2 * 7 * 8;
        Assert.True(network.Graph.Segments.Count < (2 * 9 * 8) - (interiorSegments / 4), $"{network.Graph.Segments.Count} roads left");
        Assert.True(network.Junctions.Count(j => j.ArmDirections.Count == 4) < 49 / 2);
        Assert.True(network.Junctions.Count(j => j.Kind == JunctionKind.Corner) > 4, "interior bends");
    }

    [Fact]
    public void Routes_plan_between_random_start_spots_of_a_procedural_town()
    {
        TownMap town = ProceduralTownGenerator.Generate(new ProceduralTownOptions { Seed = 77, BlocksX = 7, BlocksY = 6, RemovedRoadFraction = 0.5 });
        var planner = new RoutePlanner(town.Network);
        var rng = new Rng(78);

        for (int pair = 0; pair < 100; pair++)
        {
            StartSpot start = town.StartSpots[rng.NextInt(town.StartSpots.Count)];
            StartSpot goal = town.StartSpots[rng.NextInt(town.StartSpots.Count)];

            Route? route = planner.Plan(start, goal);

            Assert.NotNull(route);
            Assert.True(Vec2.Distance(goal.Lane.PositionAt(goal.S), route.Goal.Position) <= 1e-6);
        }
    }

    private static void AssertValid(TownMap town, ProceduralTownOptions options)
    {
        RoadGraph graph = town.Network.Graph;
        string label = $"seed {options.Seed}";
        Assert.NotEmpty(town.StartSpots);

        // Degrees ≥ 2, no straight-through node, axis-aligned roads at least one block long.
        var degree = new int[graph.Nodes.Count];
        foreach ((int a, int b) in graph.Segments)
        {
            degree[a]++;
            degree[b]++;
            Vec2 d = graph.Nodes[b] - graph.Nodes[a];
            Assert.True(d.X == 0 || d.Y == 0, $"{label}: road {graph.Nodes[a]}–{graph.Nodes[b]} is not axis-aligned");
            Assert.True(d.Length >= options.MinBlockLengthMeters, $"{label}: road of {d.Length} m");
        }

        Assert.All(degree, d => Assert.True(d >= 2, $"{label}: a node has {d} roads"));
        foreach (Junction junction in town.Network.Junctions.Where(j => j.ArmDirections.Count == 2))
        {
            Assert.True(Math.Abs(Vec2.Dot(junction.ArmDirections[0], junction.ArmDirections[1])) < 1e-9, $"{label}: straight-through node {junction.Position}");
        }

        // The lane graph is strongly connected (so the road graph is connected too): lane 0 reaches every lane and
        // every lane reaches lane 0.
        Assert.Equal(town.Network.Lanes.Count, Reachable(town.Network, l => l.Successors));
        Assert.Equal(town.Network.Lanes.Count, Reachable(town.Network, l => l.Predecessors));

        Assert.All(town.StartSpots, s => Assert.InRange(s.S, TownMap.StartSpotMarginFromLaneStart, s.Lane.Length - TownMap.StartSpotMarginFromLaneEnd));
    }

    private static int Reachable(RoadNetwork network, Func<Lane, IReadOnlyList<Lane>> next)
    {
        var seen = new bool[network.Lanes.Count];
        var stack = new Stack<Lane>([network.Lanes[0]]);
        seen[0] = true;
        int count = 1;
        while (stack.Count > 0)
        {
            foreach (Lane lane in next(stack.Pop()))
            {
                if (!seen[lane.Id])
                {
                    seen[lane.Id] = true;
                    count++;
                    stack.Push(lane);
                }
            }
        }

        return count;
    }
}
