using System.CommandLine;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// The <c>--world</c> option shared by commands that drive a world: <c>embedded</c> (the built-in simulator, the
/// default), <c>carla://host:port</c> (a CARLA 0.8.4 server, or <c>carla-drl serve-carla</c>) or <c>zmq://host:port</c>
/// (a <c>carla-drl bridge</c> worker). A remote world does not tell its lane network, so the town map comes from <c>--town</c> (Town01/Town02 built in) or <c>--map</c>.
/// </summary>
internal sealed class WorldSelector
{
    public Option<string> World { get; } = new("--world")
    {
        Description = "The world to drive: embedded (the built-in simulator), carla://host:port (a CARLA 0.8.4 server, e.g. carla://127.0.0.1:2000) or zmq://host:port (a carla-drl bridge worker); for the last two the town map comes from --town or --map.",
        DefaultValueFactory = _ => "embedded",
    };

    public Option<string?> Curve { get; } = new("--curve")
    {
        Description = "With --world zmq://…: the bridge worker's public CurveZMQ key file (NAME.key from carla-drl keys generate).",
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(World);
        command.Options.Add(Curve);
    }

    /// <summary>True when the parse result selects a CARLA server.</summary>
    public bool IsCarla(ParseResult result) => !IsEmbedded(result.GetValue(World));

    /// <summary>The selected world and its town map; the caller owns (and disposes) the world.</summary>
    /// <exception cref="ArgumentException">an unknown world.</exception>
    public SelectedWorld Create(ParseResult result, EmbeddedWorldOptions embedded, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(embedded);
        string text = result.GetValue(World) ?? "embedded";
        if (IsEmbedded(text))
        {
            var world = new EmbeddedWorld(embedded);
            return new SelectedWorld(world, world.Town);
        }

        if (!RemoteWorlds.IsValid(text.Trim()))
        {
            throw new ArgumentException(UnknownWorld(text));
        }

        TownMap town = embedded.Validate().ResolveTown();
        return new SelectedWorld(RemoteWorlds.Create(text.Trim(), log, curveKey: result.GetValue(Curve), town: town.Name), town);
    }

    /// <summary>True for the embedded world: no text, or <c>embedded</c> (any case, surrounding spaces allowed).</summary>
    internal static bool IsEmbedded(string? text) => string.IsNullOrWhiteSpace(text) || text.Trim().Equals("embedded", StringComparison.OrdinalIgnoreCase);

    /// <summary>The error for a <c>--world</c> value that is neither <c>embedded</c> nor a CARLA address.</summary>
    internal static string UnknownWorld(string text) => $"--world '{text}' is unknown; allowed: embedded, carla://host:port (e.g. carla://127.0.0.1:2000), zmq://host:port (a bridge worker, e.g. zmq://127.0.0.1:5555) or seed://host:port (a seed client's stream).";
}
