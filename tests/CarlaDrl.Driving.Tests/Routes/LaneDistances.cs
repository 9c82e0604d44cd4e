using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Driving.Tests.Routes;

/// <summary>
/// Brute-force reference for route lengths: all-pairs shortest distances between lane starts (Floyd–Warshall over
/// the lane graph), independent of the A* planner under test.
/// </summary>
internal sealed class LaneDistances
{
    private readonly double[,] _startToStart;
    private readonly RoadNetwork _network;

    public LaneDistances(RoadNetwork network)
    {
        _network = network;
        int n = network.Lanes.Count;
        _startToStart = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                _startToStart[i, j] = i == j ? 0 : double.PositiveInfinity;
            }

            foreach (Lane next in network.Lanes[i].Successors)
            {
                _startToStart[i, next.Id] = Math.Min(_startToStart[i, next.Id], network.Lanes[i].Length);
            }
        }

        for (int k = 0; k < n; k++)
        {
            for (int i = 0; i < n; i++)
            {
                double ik = _startToStart[i, k];
                if (double.IsPositiveInfinity(ik))
                {
                    continue;
                }

                for (int j = 0; j < n; j++)
                {
                    double through = ik + _startToStart[k, j];
                    if (through < _startToStart[i, j])
                    {
                        _startToStart[i, j] = through;
                    }
                }
            }
        }
    }

    /// <summary>Shortest driving distance (m) from s = <paramref name="startS"/> on one lane to <paramref name="goalS"/> on another.</summary>
    public double Between(Lane start, double startS, Lane goal, double goalS)
    {
        if (start == goal && goalS >= startS)
        {
            return goalS - startS;
        }

        double best = double.PositiveInfinity;
        foreach (Lane next in start.Successors)
        {
            best = Math.Min(best, start.Length - startS + _startToStart[next.Id, goal.Id] + goalS);
        }

        return best;
    }

    /// <summary>True when every lane can reach every other lane.</summary>
    public bool StronglyConnected()
    {
        foreach (double d in _startToStart)
        {
            if (double.IsPositiveInfinity(d))
            {
                return false;
            }
        }

        return _network.Lanes.Count > 0;
    }
}
