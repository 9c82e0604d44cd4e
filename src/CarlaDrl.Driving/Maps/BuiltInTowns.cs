namespace CarlaDrl.Driving.Maps;

/// <summary>
/// CARLA 0.8.4's Town01 and Town02, from the planner graphs shipped with the 0.8.4 PythonClient
/// (<c>PythonClient/carla/planner/Town01.txt</c> and <c>Town02.txt</c>, copied here as data; also in
/// ../shared/data/carla-0.8.4-planner). Start-spot counts are the levels' (protocol spec §5: 152 and 83).
/// </summary>
public static class BuiltInTowns
{
    public const string Town01Planner = """
        0.0,0.0,-0.3811000000
        0.000000,0.000000,0.0
        1.000000,1.000000,1.000000
        -16.43022,-16.43022,0.000
        49, 41
        0,0 0,40 40
        0,40 0,0 40
        48,40 41,40 7
        41,40 48,40 7
        48,0 48,40 40
        48,40 48,0 40
        0,0 11,0 11
        11,0 0,0 11
        41,0 48,0 7
        48,0 41,0 7
        41,40 11,40 30
        11,40 41,40 30
        41,0 41,7 7
        41,7 41,0 7
        11,40 0,40 11
        0,40 11,40 11
        11,0 19,0 8
        19,0 11,0 8
        11,40 11,24 16
        11,24 11,40 16
        41,24 41,40 16
        41,40 41,24 16
        11,24 11,16 8
        11,16 11,24 8
        41,24 11,24 30
        11,24 41,24 30
        41,16 41,24 8
        41,24 41,16 8
        11,16 11,7 9
        11,7 11,16 9
        41,16 11,16 30
        11,16 41,16 30
        41,7 41,16 9
        41,16 41,7 9
        11,7 11,0 7
        11,0 11,7 7
        41,7 19,7 22
        19,7 41,7 22
        19,0 41,0 22
        41,0 19,0 22
        19,7 11,7 8
        11,7 19,7 8
        19,0 19,7 7
        19,7 19,0 7
        """;

    public const string Town02Planner = """
        5.4400,-107.48000,-0.22000000
        0.000000,0.000000,0.000000
        1.000000,1.000000,1.000000
        -16.43022,-16.43022,0.000
        25, 25
        0,10 0,24 14
        0,24 0,10 14
        24,24 6,24 18
        6,24 24,24 18
        24,0 24,10 10
        24,10 24,0 10
        0,0 24,0 24
        24,0 0,0 24
        0,10 0,0 10
        0,0 0,10 10
        24,10 24,16 6
        24,16 24,10 6
        0,10 6,10 6
        6,10 0,10 6
        6,24 0,24 6
        0,24 6,24 6
        6,10 17,10 11
        17,10 6,10 11
        6,24 6,16 8
        6,16 6,24 8
        24,16 24,24 8
        24,24 24,16 8
        6,16 6,10 6
        6,10 6,16 6
        24,16 17,16 7
        17,16 24,16 7
        17,16 6,16 11
        6,16 17,16 11
        17,10 24,10 7
        24,10 17,10 7
        17,16 17,10 6
        17,10 17,16 6
        """;

    private static readonly Lazy<TownMap> Town01Map = new(() => TownMap.FromPlannerMap("Town01", PlannerMap.Parse(Town01Planner, "built-in Town01"), 152));
    private static readonly Lazy<TownMap> Town02Map = new(() => TownMap.FromPlannerMap("Town02", PlannerMap.Parse(Town02Planner, "built-in Town02"), 83));

    /// <summary>Names accepted by <see cref="TryGet"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["Town01", "Town02"];

    public static TownMap Town01 => Town01Map.Value;

    public static TownMap Town02 => Town02Map.Value;

    /// <summary>A built-in town by name, case-insensitive ("town01", "Town01").</summary>
    public static bool TryGet(string name, out TownMap town)
    {
        town = name?.Trim().ToLowerInvariant() switch
        {
            "town01" => Town01,
            "town02" => Town02,
            _ => null!,
        };
        return town is not null;
    }
}
