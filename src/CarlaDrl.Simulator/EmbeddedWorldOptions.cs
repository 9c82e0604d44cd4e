using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator;

/// <summary>
/// How an <see cref="EmbeddedWorld"/> is built: the town (as a CARLA server's level is fixed at launch), the fixed
/// time step (CARLA's <c>-benchmark -fps=N</c>), physics sub-steps, the car, the light timing and the seed from which
/// episode seeds are drawn when the settings leave them unset.
/// </summary>
public sealed record EmbeddedWorldOptions
{
    /// <summary>
    /// A town name: "Town01" or "Town02" (case-insensitive), or "procedural:&lt;seed&gt;". Ignored when
    /// <see cref="MapPath"/> or <see cref="TownMap"/> is set.
    /// </summary>
    public string Town { get; init; } = "Town01";

    /// <summary>A CARLA 0.8.4 planner map file (e.g. PythonClient/carla/planner/Town01.txt), loaded instead of a built-in town.</summary>
    public string? MapPath { get; init; }

    /// <summary>An explicit town (e.g. a procedural one); overrides <see cref="Town"/> and <see cref="MapPath"/>.</summary>
    public TownMap? TownMap { get; init; }

    /// <summary>World ticks per simulated second (decision rate), Hz. The game timestamp advances round(1000/Hz) ms per tick.</summary>
    public double SimulationHz { get; init; } = 10;

    /// <summary>Physics sub-steps per tick for the player's car.</summary>
    public int PhysicsSubsteps { get; init; } = 5;

    public VehicleParameters Vehicle { get; init; } = VehicleParameters.Default;

    public TrafficLightTiming Lights { get; init; } = new();

    /// <summary>Seed of the world's own generator, from which unset episode seeds are drawn.</summary>
    public long Seed { get; init; }

    /// <summary>
    /// Report the wall clock in <c>platform_timestamp</c> as CARLA does. Off by default so that measurements are
    /// bit-for-bit reproducible; then it counts simulated milliseconds since the world was created.
    /// </summary>
    public bool WallClockPlatformTimestamp { get; init; }

    /// <summary>Receives warnings such as a start index replaced by 0 (CARLA logs these on the server).</summary>
    public Action<string>? Warning { get; init; }

    public EmbeddedWorldOptions Validate()
    {
        var errors = new List<string>();
        if (!(SimulationHz >= 1 && SimulationHz <= 1000))
        {
            errors.Add($"EmbeddedWorldOptions.SimulationHz = {SimulationHz} is out of range; allowed: 1..1000 Hz.");
        }

        if (PhysicsSubsteps is < 1 or > 100)
        {
            errors.Add($"EmbeddedWorldOptions.PhysicsSubsteps = {PhysicsSubsteps} is out of range; allowed: 1..100.");
        }

        if (TownMap is null && MapPath is null && !TownCatalog.TryResolve(Town, out _))
        {
            errors.Add($"EmbeddedWorldOptions.Town = '{Town}' is unknown; allowed: {TownCatalog.AllowedNames}, or a CARLA planner map file via MapPath.");
        }

        if (errors.Count > 0)
        {
            throw new InvalidSettingsException(errors);
        }

        Vehicle.Validate();
        Lights.Validate();
        return this;
    }

    /// <summary>The town these options name.</summary>
    public TownMap ResolveTown()
    {
        if (TownMap is not null)
        {
            return TownMap;
        }

        if (MapPath is not null)
        {
            PlannerMap map = PlannerMap.Load(MapPath);
            string name = Path.GetFileNameWithoutExtension(map.Source);

            // A user's own copy of a CARLA town gets that level's start-spot count (spec §5).
            int? spots = name.Equals("Town01", StringComparison.OrdinalIgnoreCase) ? BuiltInTowns.Town01.StartSpots.Count
                : name.Equals("Town02", StringComparison.OrdinalIgnoreCase) ? BuiltInTowns.Town02.StartSpots.Count
                : null;
            return Driving.Maps.TownMap.FromPlannerMap(name, map, spots);
        }

        return TownCatalog.TryResolve(Town, out TownMap town) ? town : throw new InvalidSettingsException($"Unknown town '{Town}'; allowed: {TownCatalog.AllowedNames}.");
    }
}
