namespace CarlaDrl.Cli.Tests;

/// <summary>A fact that needs PowerShell 7: skipped, with the remedy, where <see cref="PowerShellTool"/> finds none.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PwshFactAttribute : FactAttribute
{
    public PwshFactAttribute()
    {
        if (PowerShellTool.Command is null)
        {
            Skip = PowerShellTool.Missing;
        }
    }
}
