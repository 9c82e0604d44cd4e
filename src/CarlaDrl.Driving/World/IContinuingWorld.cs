namespace CarlaDrl.Driving.World;

/// <summary>
/// A world that cannot place the player: each episode starts where the car is, and the scene's start spot 0 is the
/// car's current pose (the rest are the town's spots, usable as goals). The seed's ZeroMQ protocol is one such world:
/// it has no reset or episode message, so CARLA keeps running one episode (seed-system.md §3.1, §4, §12.3).
/// Tasks draw routes that start at spot 0 for such worlds (<c>RouteSampler.SampleFrom</c>).
/// </summary>
public interface IContinuingWorld : IDrivingWorld
{
}
