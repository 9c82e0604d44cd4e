namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Which traffic vehicles are on which lane this tick, as per-lane linked lists in flat arrays (rebuilt in O(n)
/// without allocating). Drivers find leaders by walking their planned lanes instead of testing every vehicle.
/// </summary>
public sealed class LaneOccupancy
{
    private readonly int[] _head;
    private int[] _next = new int[64];

    public LaneOccupancy(int laneCount)
    {
        _head = new int[laneCount];
        Array.Fill(_head, -1);
    }

    /// <summary>Rebuilds the lists from the vehicles' current lanes.</summary>
    public void Rebuild(List<TrafficVehicle> vehicles)
    {
        ArgumentNullException.ThrowIfNull(vehicles);
        Array.Fill(_head, -1);
        if (_next.Length < vehicles.Count)
        {
            _next = new int[Math.Max(vehicles.Count, _next.Length * 2)];
        }

        for (int i = vehicles.Count - 1; i >= 0; i--)
        {
            int lane = vehicles[i].Plan.Current.Id;
            _next[i] = _head[lane];
            _head[lane] = i;
        }
    }

    /// <summary>First vehicle index on lane <paramref name="laneId"/>, or −1.</summary>
    public int First(int laneId) => _head[laneId];

    /// <summary>Next vehicle index on the same lane after <paramref name="vehicle"/>, or −1.</summary>
    public int Next(int vehicle) => _next[vehicle];
}
