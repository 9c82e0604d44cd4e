using CarlaDrl.Driving.World;

namespace CarlaDrl.Cli.Commands;

/// <summary>Turns the errors users cause (bad settings, missing or malformed files, unreachable servers) into one clear line and exit code 2.</summary>
internal static class CliErrors
{
    public const int UsageError = 2;

    public static int Guard(Func<int> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return action();
        }
        catch (Exception e) when (e is InvalidSettingsException or Config.ConfigException or Learning.Checkpoints.CheckpointException or Bridge.Security.CurveKeyException or IOException or FormatException or ArgumentException)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return UsageError;
        }
    }
}
