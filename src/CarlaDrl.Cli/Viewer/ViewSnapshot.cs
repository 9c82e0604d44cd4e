using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;

namespace CarlaDrl.Cli.Viewer;

/// <summary>One agent on the bird's-eye map: where it is and what it is.</summary>
internal readonly record struct MapAgent(AgentKind Kind, float X, float Y, float YawDegrees, float Length, float Width, TrafficLightState Light);

/// <summary>
/// Everything one composed view frame shows, copied out of a <see cref="DrivingEnv"/> (or a plain world frame) on the
/// producer's thread, so that the viewer thread formats and draws it without touching the env. Reused: copying into an
/// existing snapshot allocates nothing once its buffers have grown.
/// </summary>
internal sealed class ViewSnapshot
{
    public string Source { get; set; } = "";

    public string World { get; set; } = "";

    /// <summary>Null while the world answers; else why it is down.</summary>
    public string? WorldDown { get; set; }

    public byte[] Camera { get; private set; } = [];

    public int CameraWidth { get; private set; }

    public int CameraHeight { get; private set; }

    public TownMap? Town { get; set; }

    public Route? Route { get; set; }

    public double RouteProgress { get; set; }

    public double RouteCompletion { get; set; }

    public RouteCommand? Command { get; set; }

    public double X { get; set; }

    public double Y { get; set; }

    public double YawDegrees { get; set; }

    public double Speed { get; set; }

    public VehicleControl Control { get; set; }

    public long Episode { get; set; }

    public int Step { get; set; }

    public double SimSeconds { get; set; }

    /// <summary>False for a plain drive (no task: no reward, no route).</summary>
    public bool HasTask { get; set; }

    public double Reward { get; set; }

    public double Return { get; set; }

    public IReadOnlyList<string> TermNames { get; set; } = [];

    public double[] StepTerms { get; private set; } = [];

    public double[] EpisodeTerms { get; private set; } = [];

    public TerminationReason Reason { get; set; }

    public double CollisionImpulse { get; set; }

    public double OffRoad { get; set; }

    public double OtherLane { get; set; }

    public MapAgent[] Agents { get; private set; } = new MapAgent[64];

    public int AgentCount { get; private set; }

    /// <summary>A line set by the owner (training: steps, SPS); null: none.</summary>
    public string? Status { get; set; }

    public bool Paused { get; set; }

    /// <summary>
    /// Copies the env's state after a reset or step (<see cref="IDrivingEnvMonitor.Observe"/>); <paramref name="episode"/>
    /// is the watcher's episode count, advanced here when the env has just started one.
    /// </summary>
    public void CaptureFrom(DrivingEnv env, string source, ref long episode)
    {
        if (env.EpisodeSteps == 0 && env.WorldDown is null)
        {
            episode++;
        }

        Source = source;
        World = env.WorldDescription;
        WorldDown = env.WorldDown;
        Town = env.Town;
        HasTask = true;
        Episode = episode;
        Step = env.EpisodeSteps;
        Reward = env.LastReward;
        Return = env.EpisodeReturn;
        Reason = env.LastReason;
        Control = env.LastControl;
        TermNames = env.Reward.Names;
        CopyTerms(env.StepRewardTerms, env.EpisodeRewardTerms);
        NDArray<byte> camera = env.Camera;
        SetCamera(camera.AsSpan(), camera.Shape[1], camera.Shape[0]);
        RouteTracker? tracker = env.Tracker;
        Route = tracker?.Route;
        RouteProgress = tracker?.Progress ?? 0;
        RouteCompletion = tracker?.Completion ?? 0;
        Command = tracker?.Command;
        if (env.LastFrame is WorldFrame frame)
        {
            CaptureMeasurements(frame.Measurements);
        }
    }

    /// <summary>Copies a plain world frame (drive: no task), with the camera already converted to RGB.</summary>
    public void CaptureFrom(WorldFrame frame, string source, string world, TownMap? town, VehicleControl control, ReadOnlySpan<byte> rgb, int width, int height)
    {
        Source = source;
        World = world;
        WorldDown = null;
        Town = town;
        HasTask = false;
        Route = null;
        Command = null;
        Control = control;
        Step = (int)Math.Min(int.MaxValue, frame.Measurements.FrameNumber);
        SetCamera(rgb, width, height);
        CaptureMeasurements(frame.Measurements);
    }

    public void CopyTo(ViewSnapshot other)
    {
        other.Source = Source;
        other.World = World;
        other.WorldDown = WorldDown;
        other.Town = Town;
        other.HasTask = HasTask;
        other.Route = Route;
        other.RouteProgress = RouteProgress;
        other.RouteCompletion = RouteCompletion;
        other.Command = Command;
        other.X = X;
        other.Y = Y;
        other.YawDegrees = YawDegrees;
        other.Speed = Speed;
        other.Control = Control;
        other.Episode = Episode;
        other.Step = Step;
        other.SimSeconds = SimSeconds;
        other.Reward = Reward;
        other.Return = Return;
        other.Reason = Reason;
        other.CollisionImpulse = CollisionImpulse;
        other.OffRoad = OffRoad;
        other.OtherLane = OtherLane;
        other.TermNames = TermNames;
        other.CopyTerms(StepTerms, EpisodeTerms);
        other.SetCamera(Camera.AsSpan(0, CameraWidth * CameraHeight * 3), CameraWidth, CameraHeight);
        if (other.Agents.Length < AgentCount)
        {
            other.Agents = new MapAgent[Agents.Length];
        }

        Array.Copy(Agents, other.Agents, AgentCount);
        other.AgentCount = AgentCount;
        other.Status = Status;
        other.Paused = Paused;
    }

    private void CaptureMeasurements(Measurements m)
    {
        PlayerMeasurements p = m.PlayerMeasurements;
        X = p.Transform.Location.X;
        Y = p.Transform.Location.Y;
        YawDegrees = p.Transform.Rotation.YawDegrees;
        Speed = p.ForwardSpeed;
        SimSeconds = m.GameTimestamp / 1000.0;
        CollisionImpulse = (double)p.CollisionVehicles + p.CollisionPedestrians + p.CollisionOther;
        OffRoad = p.IntersectionOffRoad;
        OtherLane = p.IntersectionOtherLane;
        List<NonPlayerAgent> agents = m.NonPlayerAgents;
        if (Agents.Length < agents.Count)
        {
            Agents = new MapAgent[Math.Max(agents.Count, Agents.Length * 2)];
        }

        int n = 0;
        foreach (NonPlayerAgent a in agents)
        {
            if (a.Kind == AgentKind.SpeedLimitSign)
            {
                continue;
            }

            Agents[n++] = new MapAgent(a.Kind, a.Transform.Location.X, a.Transform.Location.Y, a.Transform.Rotation.YawDegrees,
                2 * a.BoundingBox.Extent.X, 2 * a.BoundingBox.Extent.Y, a.TrafficLightState);
        }

        AgentCount = n;
    }

    private void SetCamera(ReadOnlySpan<byte> rgb, int width, int height)
    {
        if (Camera.Length < rgb.Length)
        {
            Camera = new byte[rgb.Length];
        }

        rgb.CopyTo(Camera);
        CameraWidth = width;
        CameraHeight = height;
    }

    private void CopyTerms(IReadOnlyList<double> step, IReadOnlyList<double> episode)
    {
        if (StepTerms.Length != step.Count)
        {
            StepTerms = new double[step.Count];
            EpisodeTerms = new double[episode.Count];
        }

        for (int i = 0; i < step.Count; i++)
        {
            StepTerms[i] = step[i];
            EpisodeTerms[i] = episode[i];
        }
    }
}
