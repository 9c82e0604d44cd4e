using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Cli.Commands;

/// <summary>A world chosen with <c>--world</c>, and the town map a task needs for routes.</summary>
internal sealed record SelectedWorld(IDrivingWorld World, TownMap Town);
