using System.CommandLine;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Cli.Commands;

/// <summary>The options every command that builds an embedded world shares, and how they become world options.</summary>
internal sealed class WorldOptions
{
    public Option<string> Town { get; } = new("--town")
    {
        Description = $"Town to drive in: {TownCatalog.AllowedNames}.",
        DefaultValueFactory = _ => "Town01",
    };

    public Option<string?> Map { get; } = new("--map")
    {
        Description = "A CARLA 0.8.4 planner map file (e.g. PythonClient/carla/planner/Town01.txt); overrides --town.",
    };

    public Option<int> Vehicles { get; } = new("--vehicles")
    {
        Description = "Number of traffic vehicles.",
        DefaultValueFactory = _ => 20,
    };

    public Option<int> Pedestrians { get; } = new("--pedestrians")
    {
        Description = "Number of pedestrians.",
        DefaultValueFactory = _ => 30,
    };

    public Option<int> Weather { get; } = new("--weather")
    {
        Description = $"Weather id 0..14 ({CarlaDrl.Driving.World.Weather.AllowedValues}).",
        DefaultValueFactory = _ => 1,
    };

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of traffic, pedestrians and the random choices of the command.",
        DefaultValueFactory = _ => 0,
    };

    public Option<double> Hz { get; } = new("--hz")
    {
        Description = "World ticks per simulated second (fixed time step).",
        DefaultValueFactory = _ => 10.0,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Town);
        command.Options.Add(Map);
        command.Options.Add(Vehicles);
        command.Options.Add(Pedestrians);
        command.Options.Add(Weather);
        command.Options.Add(Seed);
        command.Options.Add(Hz);
    }

    public EmbeddedWorldOptions WorldOptionsFrom(ParseResult result, Action<string>? warning = null) => new()
    {
        Town = result.GetValue(Town) ?? "Town01",
        MapPath = result.GetValue(Map),
        SimulationHz = result.GetValue(Hz),
        Seed = result.GetValue(Seed),
        Warning = warning,
    };

    public EpisodeSettings SettingsFrom(ParseResult result, int seedOffset = 0) => new EpisodeSettings
    {
        NumberOfVehicles = result.GetValue(Vehicles),
        NumberOfPedestrians = result.GetValue(Pedestrians),
        WeatherId = result.GetValue(Weather),
        SeedVehicles = unchecked(result.GetValue(Seed) + seedOffset),
        SeedPedestrians = unchecked(result.GetValue(Seed) + seedOffset + 7919),
        SendNonPlayerAgentsInfo = false,
    }.Validate();
}
