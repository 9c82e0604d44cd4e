namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// Watches a <see cref="DrivingEnv"/> (a viewer, a video recorder): called on the env's own thread after every reset
/// and step, while the env's public state (<see cref="DrivingEnv.LastFrame"/>, <see cref="DrivingEnv.Tracker"/>, the
/// reward terms, the last control, …) describes that moment. Copy what you need; do not keep references to the frame.
/// </summary>
public interface IDrivingEnvMonitor
{
    /// <summary>Ask the world for the non-player agents (traffic, pedestrians, lights) from the next episode on.</summary>
    bool WantsAgents { get; }

    void Observe(DrivingEnv env);
}
