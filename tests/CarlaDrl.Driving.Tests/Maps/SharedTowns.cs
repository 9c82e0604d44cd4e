using CarlaDrl.Driving.Maps;
using CarlaDrl.TestKit;

namespace CarlaDrl.Driving.Tests.Maps;

/// <summary>Town01 and Town02 built from the planner files in ../shared/data (built once per test run).</summary>
internal static class SharedTowns
{
    private static readonly Lazy<TownMap> LazyTown01 = new(() => Load("Town01", 152));
    private static readonly Lazy<TownMap> LazyTown02 = new(() => Load("Town02", 83));

    public static TownMap Town01 => LazyTown01.Value;

    public static TownMap Town02 => LazyTown02.Value;

    public static TownMap Get(string name) => name switch
    {
        "Town01" => Town01,
        "Town02" => Town02,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Shared towns are Town01 and Town02."),
    };

    /// <summary>Start-spot counts of CARLA 0.8.4's levels (protocol spec §5).</summary>
    private static TownMap Load(string name, int startSpots) =>
        TownMap.FromPlannerMap(name, PlannerMap.Load(RepositoryPaths.SharedDataPath("carla-0.8.4-planner", name + ".txt")), startSpots);
}
