using CarlaDrl.Driving.Tasks;

namespace CarlaDrl.Cli.Viewer;

/// <summary>Several monitors on one env (a viewer and a recorder).</summary>
internal static class Monitors
{
    /// <summary>The non-null monitors as one; null when there are none.</summary>
    public static IDrivingEnvMonitor? Combine(params IDrivingEnvMonitor?[] monitors)
    {
        IDrivingEnvMonitor[] present = [.. monitors.Where(m => m is not null).Select(m => m!)];
        return present.Length switch
        {
            0 => null,
            1 => present[0],
            _ => new Fan(present),
        };
    }

    private sealed class Fan(IDrivingEnvMonitor[] monitors) : IDrivingEnvMonitor
    {
        public bool WantsAgents => monitors.Any(m => m.WantsAgents);

        public void Observe(DrivingEnv env)
        {
            foreach (IDrivingEnvMonitor monitor in monitors)
            {
                monitor.Observe(env);
            }
        }
    }
}
