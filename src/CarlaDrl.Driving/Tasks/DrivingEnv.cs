using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// The driving task as a Gymnasium env over any <see cref="IDrivingWorld"/> (DESIGN.md §1): each episode is a route
/// from a start spot to a goal (A* over the town's lanes, planner commands at intersections). Observation: a dict of
/// <c>camera</c> (uint8 H×W×3 RGB from the front camera) and <c>vehicle_state</c> (float32, see the encoder).
/// Action: Box([−1, −1], [1, 1]) = [steer, throttle/brake] — a1 ≥ 0 is throttle, a1 &lt; 0 brakes with −a1 (the seed's
/// mapping). Reward: named, weighted terms, each logged as <c>reward/&lt;term&gt;</c> in the step's info. Ends on
/// success, collision, off-road, leaving the route, standing still (terminated) or the time budget (truncated); the
/// reason is in the info under <see cref="ReasonKey"/>, and the episode's numbers under <see cref="MetricsKey"/>.
/// </summary>
public sealed class DrivingEnv : Env<DictObservation, NDArray<float>>
{
    public const string CameraKey = "camera";
    public const string StateKey = "vehicle_state";
    public const string CameraSensorName = "CameraRGB";

    /// <summary>Info key of the termination reason (a <see cref="TerminationReason"/>).</summary>
    public const string ReasonKey = "termination_reason";

    /// <summary>Info key of the per-episode numbers (<c>IReadOnlyDictionary&lt;string, double&gt;</c>), at episode end.</summary>
    public const string MetricsKey = "episode_metrics";

    /// <summary>Attempts to start an episode when a remote world keeps dropping its connection during the start.</summary>
    public const int ResetAttempts = 3;

    /// <summary>
    /// Info key (the reason, a string) set while the env waits for a remote world that is down: its resets and steps
    /// then carry <see cref="InfoKeys.DiscardTransition"/> and the last real observation (docs/bridge-protocol.md, "Faults").
    /// </summary>
    public const string WorldUnavailableKey = "world_unavailable";

    private readonly IDrivingWorld _world;
    private readonly DrivingScenario _scenario;
    private readonly DrivingEnvOptions _options;
    private readonly IObservationEncoder _encoder;
    private readonly RewardFunction _reward;
    private readonly DictSpace _observationSpace;
    private readonly Box<float> _actionSpace = new(-1f, 1f, 2);
    private readonly NDArray<byte> _camera;
    private readonly NDArray<float> _state;
    private readonly DictObservation _observation;
    private readonly double[] _weighted;
    private readonly double[] _episodeTerms;
    private readonly TownMap? _fixedTown;
    private RouteSampler? _sampler;
    private string? _samplerScene;
    private RouteTracker? _tracker;
    private EpisodeState _episode;
    private VehicleControl _lastAutopilot;
    private bool _waiting;
    private string? _waitingReason;

    public DrivingEnv(IDrivingWorld world, DrivingScenario? scenario = null, DrivingEnvOptions? options = null, TownMap? town = null)
    {
        _world = world ?? throw new ArgumentNullException(nameof(world));
        _scenario = (scenario ?? new DrivingScenario()).Validate();
        _options = (options ?? new DrivingEnvOptions()).Validate();
        _fixedTown = town ?? (world as IMapAwareWorld)?.Town;
        _encoder = _options.CreateEncoder();
        _reward = RewardPresets.Create(_options.RewardPreset, _options.RewardWeights);
        _weighted = new double[_reward.Names.Count];
        _episodeTerms = new double[_reward.Names.Count];
        int h = _options.CameraHeight, w = _options.CameraWidth;
        _observationSpace = new DictSpace(
            (CameraKey, new Box<byte>(0, 255, h, w, 3)),
            (StateKey, new Box<float>(new NDArray<float>([_encoder.Low.Length], _encoder.Low), new NDArray<float>([_encoder.High.Length], _encoder.High))));
        _camera = NDArray<byte>.Zeros(h, w, 3);
        _state = NDArray<float>.Zeros(_encoder.Low.Length);
        _observation = new DictObservation { { CameraKey, _camera }, { StateKey, _state } };
    }

    public override Space<DictObservation> ObservationSpace => _observationSpace;

    public override Space<NDArray<float>> ActionSpace => _actionSpace;

    public override EnvSpec? Spec => new("driving-v1");

    public IObservationEncoder Encoder => _encoder;

    public RewardFunction Reward => _reward;

    /// <summary>The current episode's route (null before the first reset).</summary>
    public Route? Route => _tracker?.Route;

    /// <summary>What the world's autopilot would do now, as an env action [steer, throttle − brake] (the scripted baseline).</summary>
    public NDArray<float> AutopilotAction()
    {
        VehicleControl c = _lastAutopilot;
        return new NDArray<float>([2], [c.Steer, c.Throttle - c.Brake]);
    }

    /// <summary>The route sampler of the current scene (after the first reset): spots matched to lanes, for route lists.</summary>
    public RouteSampler? Routes => _sampler;

    /// <summary>Start and goal spot indices of the current episode.</summary>
    public (int Start, int Goal) RouteSpots => (_episode.Start, _episode.Goal);

    /// <summary>Called after every reset and step (a viewer, a recorder); null: nobody watches (no cost).</summary>
    public IDrivingEnvMonitor? Monitor { get; set; }

    /// <summary>The world's description (e.g. "embedded Town01", "zmq://127.0.0.1:5555").</summary>
    public string WorldDescription => _world.Description;

    /// <summary>The town of the current scene (after the first reset), or the one given to the constructor.</summary>
    public TownMap? Town => _sampler?.Town ?? _fixedTown;

    /// <summary>The last frame the world delivered (null before the first reset); valid until the next step.</summary>
    public WorldFrame? LastFrame { get; private set; }

    /// <summary>Progress along the current route (null before the first reset).</summary>
    public RouteTracker? Tracker => _tracker;

    /// <summary>The camera part of the last observation (H×W×3 RGB).</summary>
    public NDArray<byte> Camera => _camera;

    /// <summary>The weighted reward terms of the last step, in <see cref="RewardFunction.Names"/> order.</summary>
    public IReadOnlyList<double> StepRewardTerms => _weighted;

    /// <summary>The weighted reward terms summed over the current episode.</summary>
    public IReadOnlyList<double> EpisodeRewardTerms => _episodeTerms;

    /// <summary>The last step's reward (0 after a reset).</summary>
    public double LastReward { get; private set; }

    /// <summary>The current episode's return so far.</summary>
    public double EpisodeReturn { get; private set; }

    /// <summary>Steps taken in the current episode.</summary>
    public int EpisodeSteps => _episode.Steps;

    /// <summary>The control the last step sent to the world (neutral after a reset).</summary>
    public VehicleControl LastControl { get; private set; }

    /// <summary>Why the last step ended the episode (<see cref="TerminationReason.None"/> while it goes on).</summary>
    public TerminationReason LastReason { get; private set; }

    /// <summary>Why the env is waiting for its world (a remote world that is down), or null while it is connected.</summary>
    public string? WorldDown => _waiting ? _waitingReason : null;

    /// <summary>
    /// Starts an episode. Options: <c>"start"</c> and <c>"goal"</c> (int spot indices) fix the route (evaluation);
    /// otherwise it is drawn from the scenario with the env's generator.
    /// </summary>
    protected override ResetResult<DictObservation> OnReset(long? seed, IReadOnlyDictionary<string, object>? options)
    {
        int weather = _scenario.Weathers[NpRandom.NextInt(_scenario.Weathers.Count)];
        var settings = new EpisodeSettings
        {
            SynchronousMode = true,
            NumberOfVehicles = _scenario.NumberOfVehicles,
            NumberOfPedestrians = _scenario.NumberOfPedestrians,
            WeatherId = weather,
            SeedVehicles = NpRandom.NextInt(int.MaxValue),
            SeedPedestrians = NpRandom.NextInt(int.MaxValue),
            QualityLevel = _scenario.QualityLevel,
            SendNonPlayerAgentsInfo = Monitor?.WantsAgents == true,
            Sensors =
            [
                new CameraDefinition(CameraSensorName)
                {
                    ImageSizeX = _options.CameraWidth,
                    ImageSizeY = _options.CameraHeight,
                    Fov = _options.CameraFov,
                    PositionX = _options.CameraX,
                    PositionZ = _options.CameraZ,
                    RotationPitch = _options.CameraPitch,
                },
            ],
        };
        (int Start, int Goal, Route Route)? drawn = null;
        WorldFrame frame;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                SceneDescription scene = _world.NewEpisode(settings); // a remote world reconnects here if it must
                RouteSampler sampler = Sampler(scene);
                drawn ??= options is not null && options.TryGetValue("start", out object? s) && options.TryGetValue("goal", out object? g)
                    ? ((int)s, (int)g, sampler.Plan((int)s, (int)g) ?? throw new ArgumentException($"No route from start spot {s} to {g}.", nameof(options)))
                    : _world is IContinuingWorld // spot 0 is where the car stands now, so the cached sampler's spot 0 is stale
                        ? new RouteSampler(sampler.Town, scene.PlayerStartSpots).SampleFrom(0, NpRandom, _scenario.MinRouteMeters, _scenario.MaxRouteMeters, _scenario.MinTurns)
                        : sampler.Sample(NpRandom, _scenario.MinRouteMeters, _scenario.MaxRouteMeters, _scenario.MinTurns, _scenario.ExcludedRoutes);
                _world.StartEpisode(drawn.Value.Start);
                (_world as IMapAwareWorld)?.SetPlayerRoute(drawn.Value.Route);
                frame = _world.ReadFrame();
                break;
            }
            catch (WorldConnectionLostException) when (attempt < ResetAttempts)
            {
                // The connection dropped while the episode started: start it again (same settings, same route).
            }
            catch (WorldConnectionLostException e) when (_tracker is not null)
            {
                // The world stays down (a bridge worker died). Rather than stall the other envs of a vector env, this one
                // waits: every step is flagged as discarded (never learned from, never counted) and each reset probes the
                // world again; the episode starts afresh when it answers. No observation is invented: the last real one
                // is repeated, inside transitions that learners drop.
                _waiting = true;
                _waitingReason = e.Message;
                Info.Set(InfoKeys.DiscardTransition, true);
                Info.Set(WorldUnavailableKey, e.Message);
                LastReward = 0;
                LastReason = TerminationReason.None;
                Monitor?.Observe(this);
                return new ResetResult<DictObservation>(_observation, Info);
            }
        }

        _waiting = false;
        _waitingReason = null;

        (int start, int goal, Route route) = drawn.Value;
        PlayerMeasurements p = frame.Measurements.PlayerMeasurements;
        _tracker = new RouteTracker(route, Position(p));
        _tracker.Update(Position(p), Yaw(p));
        _episode = new EpisodeState
        {
            Start = start,
            Goal = goal,
            StartMilliseconds = frame.Measurements.GameTimestamp,
            TimeLimitSeconds = _options.Termination.TimeLimitSeconds(route.Length),
            Collisions = CollisionSum(p),
            OffRoad = p.IntersectionOffRoad,
            OtherLane = p.IntersectionOtherLane,
            Speed = p.ForwardSpeed,
        };
        Array.Clear(_episodeTerms);
        Encode(frame, 0, 0);
        Info.Set("route_length", route.Length);
        Info.Set("weather", weather);
        LastFrame = frame;
        LastReward = 0;
        EpisodeReturn = 0;
        LastControl = VehicleControl.Neutral;
        LastReason = TerminationReason.None;
        Monitor?.Observe(this);
        return new ResetResult<DictObservation>(_observation, Info);
    }

    protected override StepResult<DictObservation> OnStep(NDArray<float> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_waiting)
        {
            Info.Set(InfoKeys.DiscardTransition, true);
            Info.Set(WorldUnavailableKey, "the world is down; waiting for it to come back");
            Info.Set(WorldConnectionLostException.InfoKey, true);
            Info.Set("connection_lost", "the world is down; waiting for it to come back");
            Info.Set(ReasonKey, TerminationReason.ConnectionLost);
            LastReward = 0;
            LastReason = TerminationReason.ConnectionLost;
            Monitor?.Observe(this);
            return new StepResult<DictObservation>(_observation, 0, false, true, Info);
        }

        float steer = Math.Clamp(float.IsNaN(action[0]) ? 0 : action[0], -1f, 1f);
        float pedal = Math.Clamp(float.IsNaN(action[1]) ? 0 : action[1], -1f, 1f);
        WorldFrame frame;
        var control = new VehicleControl(steer, Math.Max(pedal, 0f), Math.Max(-pedal, 0f));
        LastControl = control;
        try
        {
            _world.SendControl(control);
            frame = _world.ReadFrame();
        }
        catch (WorldConnectionLostException e)
        {
            // No frame, no reward: end the episode on the last good observation and flag the transition so that
            // learners drop it (docs/carla.md, "Recovery"); the next Reset starts a fresh episode on the reconnected world.
            Info.Set(InfoKeys.DiscardTransition, true);
            Info.Set(WorldConnectionLostException.InfoKey, true);
            Info.Set("connection_lost", e.Message);
            Info.Set(ReasonKey, TerminationReason.ConnectionLost);
            Info.Set(MetricsKey, EpisodeMetrics(TerminationReason.ConnectionLost));
            LastReward = 0;
            LastReason = TerminationReason.ConnectionLost;
            Monitor?.Observe(this);
            return new StepResult<DictObservation>(_observation, 0, false, true, Info);
        }

        PlayerMeasurements p = frame.Measurements.PlayerMeasurements;
        RouteTracker tracker = _tracker!;
        double remainingBefore = tracker.Remaining;
        double progress = tracker.Update(Position(p), Yaw(p));
        double collisions = CollisionSum(p);
        double collisionIncrease = collisions - _episode.Collisions;
        double seconds = (frame.Measurements.GameTimestamp - _episode.StartMilliseconds) / 1000.0;
        double dt = seconds - _episode.Seconds;
        _episode.StandingSeconds = Math.Abs(p.ForwardSpeed) < _options.Termination.StuckSpeed ? _episode.StandingSeconds + dt : 0;

        TerminationRules rules = _options.Termination;
        TerminationReason reason =
            tracker.Remaining <= rules.GoalMeters ? TerminationReason.RouteCompleted
            : collisionIncrease > rules.CollisionImpulse ? TerminationReason.Collision
            : p.IntersectionOffRoad > rules.OffRoadFraction ? TerminationReason.OffRoad
            : Math.Abs(tracker.Lateral) > rules.OffRouteMeters ? TerminationReason.OffRoute
            : _episode.StandingSeconds >= rules.StuckSeconds ? TerminationReason.Stuck
            : seconds >= _episode.TimeLimitSeconds ? TerminationReason.TimeLimit
            : TerminationReason.None;
        bool failed = reason is TerminationReason.Collision or TerminationReason.OffRoad or TerminationReason.OffRoute or TerminationReason.Stuck;

        var context = new RewardContext(
            progress, remainingBefore, tracker.Remaining, p.ForwardSpeed, _episode.Speed, TargetSpeed(tracker), tracker.Lateral,
            collisionIncrease, p.IntersectionOffRoad, _episode.OffRoad, p.IntersectionOtherLane, _episode.OtherLane,
            steer, _episode.PreviousSteer, pedal, failed);
        double reward = _reward.Compute(context, _weighted);
        for (int i = 0; i < _weighted.Length; i++)
        {
            _episodeTerms[i] += _weighted[i];
            Info.Set(_reward.LogKeys[i], _weighted[i]);
        }

        _episode.Seconds = seconds;
        _episode.Collisions = collisions;
        _episode.OffRoad = p.IntersectionOffRoad;
        _episode.OtherLane = p.IntersectionOtherLane;
        _episode.Speed = p.ForwardSpeed;
        _episode.PreviousSteer = steer;
        _episode.Steps++;
        _episode.SpeedSum += Math.Abs(p.ForwardSpeed);
        _episode.Distance += Math.Max(0, progress);
        _episode.CollisionTotal += Math.Max(0, collisionIncrease);
        _episode.OffRoadFrames += p.IntersectionOffRoad > RouteEpisodeRunner.OffRoadThreshold ? 1 : 0;
        _episode.OtherLaneFrames += p.IntersectionOtherLane > RouteEpisodeRunner.OtherLaneThreshold ? 1 : 0;

        Encode(frame, steer, pedal);
        Info.Set("route_completion", tracker.Completion);
        Info.Set("speed", p.ForwardSpeed);
        bool done = reason != TerminationReason.None;
        if (done)
        {
            Info.Set(ReasonKey, reason);
            Info.Set(MetricsKey, EpisodeMetrics(reason));
        }

        LastFrame = frame;
        LastReward = reward;
        EpisodeReturn += reward;
        LastReason = reason;
        Monitor?.Observe(this);

        return new StepResult<DictObservation>(_observation, reward, done && reason != TerminationReason.TimeLimit, reason == TerminationReason.TimeLimit, Info);
    }

    private Dictionary<string, double> EpisodeMetrics(TerminationReason reason)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["driving/route_completion"] = _tracker!.Completion,
            ["driving/success"] = reason == TerminationReason.RouteCompleted ? 1 : 0,
            ["driving/collision"] = reason == TerminationReason.Collision ? 1 : 0,
            ["driving/off_road"] = reason == TerminationReason.OffRoad ? 1 : 0,
            ["driving/off_route"] = reason == TerminationReason.OffRoute ? 1 : 0,
            ["driving/stuck"] = reason == TerminationReason.Stuck ? 1 : 0,
            ["driving/timeout"] = reason == TerminationReason.TimeLimit ? 1 : 0,
            ["driving/mean_speed"] = _episode.Steps > 0 ? _episode.SpeedSum / _episode.Steps : 0,
            ["driving/distance_m"] = _episode.Distance,
            ["driving/route_length_m"] = _tracker.Route.Length,
            ["driving/collision_impulse"] = _episode.CollisionTotal,
            ["driving/off_road_frames"] = _episode.OffRoadFrames,
            ["driving/other_lane_frames"] = _episode.OtherLaneFrames,
        };
        for (int i = 0; i < _episodeTerms.Length; i++)
        {
            metrics[_reward.LogKeys[i]] = _episodeTerms[i];
        }

        return metrics;
    }

    private double TargetSpeed(RouteTracker tracker)
    {
        (int segment, _) = tracker.Route.Locate(tracker.Progress + 5);
        Lane lane = tracker.Route.Segments[segment].Lane;
        return lane.Kind == LaneKind.Junction && lane.Turn is TurnDirection.Left or TurnDirection.Right ? _options.TurnSpeed : _options.TargetSpeed;
    }

    private void Encode(WorldFrame frame, float steer, float pedal)
    {
        if (frame.TryGetSensor(CameraSensorName, out CameraImage image) && image.Width == _options.CameraWidth && image.Height == _options.CameraHeight)
        {
            image.Rgb.CopyTo(_camera.AsSpan());
        }
        else
        {
            throw new InvalidOperationException($"The world delivered no {_options.CameraWidth}×{_options.CameraHeight} image from sensor '{CameraSensorName}' this frame.");
        }

        _encoder.Encode(new EncoderInput(frame.Measurements.PlayerMeasurements, _tracker!, steer, pedal), _state.AsSpan());
        _lastAutopilot = frame.Measurements.PlayerMeasurements.AutopilotControl;
    }

    private RouteSampler Sampler(SceneDescription scene)
    {
        // The spots of a scene do not change between episodes of one world: match them to lanes once.
        string key = $"{scene.MapName}/{scene.PlayerStartSpots.Count}";
        if (_sampler is null || _samplerScene != key)
        {
            TownMap town = _fixedTown
                ?? (BuiltInTowns.TryGet(scene.MapName, out TownMap builtIn) ? builtIn : throw new InvalidOperationException($"Unknown map '{scene.MapName}': pass its planner map to the env."));
            _sampler = new RouteSampler(town, scene.PlayerStartSpots);
            _samplerScene = key;
        }

        return _sampler;
    }

    /// <summary>The env owns its world: disposing the env disposes the world.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _world.Dispose();
        }

        base.Dispose(disposing);
    }

    private static Vec2 Position(PlayerMeasurements p) => new(p.Transform.Location.X, p.Transform.Location.Y);

    private static double Yaw(PlayerMeasurements p) => p.Transform.Rotation.YawDegrees * Angles.RadiansPerDegree;

    private static double CollisionSum(PlayerMeasurements p) => (double)p.CollisionVehicles + p.CollisionPedestrians + p.CollisionOther;

    private struct EpisodeState
    {
        public int Start;
        public int Goal;
        public uint StartMilliseconds;
        public double TimeLimitSeconds;
        public double Seconds;
        public double Collisions;
        public double OffRoad;
        public double OtherLane;
        public double Speed;
        public float PreviousSteer;
        public double StandingSeconds;
        public int Steps;
        public double SpeedSum;
        public double Distance;
        public double CollisionTotal;
        public int OffRoadFrames;
        public int OtherLaneFrames;
    }
}
