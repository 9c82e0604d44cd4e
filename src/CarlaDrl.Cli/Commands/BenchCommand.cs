using System.CommandLine;

namespace CarlaDrl.Cli.Commands;

/// <summary><c>carla-drl bench …</c>: measured speed and memory of the parts.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Benchmarks: steps per second and allocations, measured here and now.");
        command.Subcommands.Add(BenchWorldCommand.Create());
        command.Subcommands.Add(BenchTrainCommand.Create());
        command.Subcommands.Add(BenchCarlaCommand.Create());
        command.Subcommands.Add(BenchBridgeCommand.Create());
        command.Subcommands.Add(BenchViewCommand.Create());
        return command;
    }
}
