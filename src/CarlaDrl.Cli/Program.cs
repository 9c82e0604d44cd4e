using System.CommandLine;
using CarlaDrl.Cli.Commands;

namespace CarlaDrl.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        Learning.TorchRuntime.PrepareProcess(); // before anything loads libtorch
        var root = new RootCommand("CarlaDrl: deep reinforcement learning for autonomous driving, with an embedded CARLA 0.8.4-like simulator.");
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(PlotCommand.Create());
        root.Subcommands.Add(DriveCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(SnapshotCommand.Create());
        root.Subcommands.Add(ServeCarlaCommand.Create());
        root.Subcommands.Add(BridgeCommand.Create());
        root.Subcommands.Add(KeysCommand.Create());
        root.Subcommands.Add(HealthCommand.Create());
        return root.Parse(args).Invoke();
    }
}
