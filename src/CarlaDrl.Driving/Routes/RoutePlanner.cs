using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Driving.Routes;

/// <summary>
/// Shortest routes over a town's lane graph with A* (cost: lane length; heuristic: straight-line distance to the
/// goal, which never overestimates). Thread-safe: it holds no mutable state.
/// </summary>
public sealed class RoutePlanner
{
    public RoutePlanner(RoadNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
    }

    public RoadNetwork Network { get; }

    /// <summary>The shortest route from (<paramref name="startLane"/>, <paramref name="startS"/>) to (<paramref name="goalLane"/>, <paramref name="goalS"/>), or null when none exists.</summary>
    public Route? Plan(Lane startLane, double startS, Lane goalLane, double goalS)
    {
        ArgumentNullException.ThrowIfNull(startLane);
        ArgumentNullException.ThrowIfNull(goalLane);
        startS = Math.Clamp(startS, 0, startLane.Length);
        goalS = Math.Clamp(goalS, 0, goalLane.Length);
        if (startLane == goalLane && goalS >= startS)
        {
            return new Route([new RouteSegment(startLane, startS, goalS)]);
        }

        Vec2 goal = goalLane.PositionAt(goalS);
        int n = Network.Lanes.Count;
        var cost = new double[n];
        var parent = new int[n];
        Array.Fill(cost, double.PositiveInfinity);
        Array.Fill(parent, -1);
        var open = new PriorityQueue<int, double>();

        // Nodes are lanes; reaching a lane means reaching its start. The start lane's successors are reached after
        // driving the rest of the start lane.
        double rest = startLane.Length - startS;
        foreach (Lane next in startLane.Successors)
        {
            if (rest < cost[next.Id])
            {
                cost[next.Id] = rest;
                parent[next.Id] = startLane.Id;
                open.Enqueue(next.Id, rest + Vec2.Distance(next.Start, goal));
            }
        }

        var closed = new bool[n];
        while (open.TryDequeue(out int laneId, out _))
        {
            if (closed[laneId])
            {
                continue;
            }

            closed[laneId] = true;
            Lane lane = Network.Lanes[laneId];
            if (lane == goalLane)
            {
                return Build(startLane, startS, goalLane, goalS, parent);
            }

            double through = cost[laneId] + lane.Length;
            foreach (Lane next in lane.Successors)
            {
                if (through < cost[next.Id])
                {
                    cost[next.Id] = through;
                    parent[next.Id] = laneId;
                    open.Enqueue(next.Id, through + Vec2.Distance(next.Start, goal));
                }
            }
        }

        return null;
    }

    /// <summary>The shortest route between two start spots (CARLA's start/goal pairs), or null when none exists.</summary>
    public Route? Plan(StartSpot start, StartSpot goal) => Plan(start.Lane, start.S, goal.Lane, goal.S);

    private Route Build(Lane startLane, double startS, Lane goalLane, double goalS, int[] parent)
    {
        var lanes = new List<Lane>();
        int id = goalLane.Id;
        while (id != startLane.Id || lanes.Count == 0)
        {
            lanes.Add(Network.Lanes[id]);
            id = parent[id];
        }

        lanes.Reverse();
        var segments = new List<RouteSegment> { new(startLane, startS, startLane.Length) };
        for (int i = 0; i < lanes.Count; i++)
        {
            Lane lane = lanes[i];
            segments.Add(new RouteSegment(lane, 0, i == lanes.Count - 1 ? goalS : lane.Length));
        }

        return new Route(segments);
    }
}
