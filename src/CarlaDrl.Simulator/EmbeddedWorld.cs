using System.Diagnostics;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Autopilot;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Rendering;
using CarlaDrl.Simulator.Sensors;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator;

/// <summary>
/// The embedded driving simulator: a CARLA 0.8.4-like world in-process — town, player car, traffic, pedestrians,
/// lights, collisions and measurements with the protocol's semantics and units (DESIGN.md §1). Deterministic:
/// the same options, settings, seeds and controls give bit-identical measurements. Not thread-safe; run one world
/// per thread. The step loop allocates nothing once an episode runs.
/// </summary>
public sealed class EmbeddedWorld : IDrivingWorld, IMapAwareWorld
{
    private readonly EmbeddedWorldOptions _options;
    private readonly Rng _worldRng;
    private readonly TrafficLightSystem _lights;
    private readonly TrafficManager _traffic;
    private readonly PedestrianManager _pedestrians;
    private readonly PlayerVehicle _player;
    private readonly AutopilotDriver _autopilot;
    private readonly TrafficContext _context;
    private readonly WorldFrame _frame = new();
    private readonly Stopwatch _wallClock = Stopwatch.StartNew();
    private readonly double _dt;
    private readonly uint _tickMilliseconds;
    private EpisodeSettings? _settings;
    private SensorSuite? _sensors;
    private SceneLighting? _lighting;
    private SceneDescription? _scene;
    private bool _running;
    private bool _controlSinceRead;
    private VehicleControl _control;
    private ulong _frameNumber;
    private ulong _simulatedMilliseconds;
    private long _ticks;
    private Vec2 _previousVelocity;
    private Vec2 _acceleration;
    private bool _disposed;

    public EmbeddedWorld(EmbeddedWorldOptions? options = null)
    {
        _options = (options ?? new EmbeddedWorldOptions()).Validate();
        Town = _options.ResolveTown();
        Layout = TownLayout.For(Town);
        _worldRng = new Rng(_options.Seed);
        _dt = 1.0 / _options.SimulationHz;
        _tickMilliseconds = (uint)Math.Round(1000.0 * _dt);
        _lights = new TrafficLightSystem(Layout, _options.Lights);
        _traffic = new TrafficManager(Layout);
        _context = new TrafficContext(Town.Network, _lights) { Vehicles = _traffic.VehicleList, TickSeconds = _dt };
        _pedestrians = new PedestrianManager(Layout);
        _player = new PlayerVehicle(_options.Vehicle, Layout.Surface);
        _autopilot = new AutopilotDriver(Town.Network, _options.Vehicle);
    }

    public string Description => $"embedded {Town.Name}";

    public TownMap Town { get; }

    /// <summary>The weather of the current episode as the renderer shows it.</summary>
    public WeatherPreset? Weather => _lighting?.Weather;

    /// <summary>The town's physical layout (ground raster, scenery, lights, sidewalks).</summary>
    public TownLayout Layout { get; }

    public EmbeddedWorldOptions Options => _options;

    /// <summary>Simulated seconds since the episode started.</summary>
    public double EpisodeSeconds => _ticks * _dt;

    public PlayerVehicle Player => _player;

    public TrafficManager Traffic => _traffic;

    public PedestrianManager Pedestrians => _pedestrians;

    public TrafficLightSystem Lights => _lights;

    public AutopilotDriver Autopilot => _autopilot;

    public SceneDescription NewEpisode(EpisodeSettings settings)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _running = false;
        _sensors = settings.Sensors.Count > 0 ? new SensorSuite(Layout, settings.Sensors, _dt) : null;
        _lighting = new SceneLighting(WeatherPreset.For(settings.WeatherId));
        var spots = Town.StartSpots.Select(s => s.Transform).ToList();
        _scene = new SceneDescription(Town.Name, spots, _sensors?.Infos ?? []);
        return _scene;
    }

    public void StartEpisode(int playerStartIndex)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EpisodeSettings settings = _settings ?? throw new InvalidOperationException("No settings loaded: call NewEpisode(settings) before StartEpisode.");
        if (playerStartIndex < 0 || playerStartIndex >= Town.StartSpots.Count)
        {
            _options.Warning?.Invoke($"start index {playerStartIndex} is out of range 0..{Town.StartSpots.Count - 1}; using 0 (as CARLA does).");
            playerStartIndex = 0;
        }

        StartSpot spot = Town.StartSpots[playerStartIndex];
        ulong vehicleSeed = settings.SeedVehicles is int sv ? (ulong)(uint)sv : _worldRng.NextUInt64();
        ulong pedestrianSeed = settings.SeedPedestrians is int sp ? (ulong)(uint)sp : _worldRng.NextUInt64();
        var vehicleRng = new Rng(vehicleSeed);
        var pedestrianRng = new Rng(pedestrianSeed);

        LanePose pose = spot.Lane.PoseAt(spot.S);
        _player.Place(pose.Position.X, pose.Position.Y, pose.HeadingRadians);
        _player.ResetCollisions();
        _lights.Reset(vehicleRng);
        _traffic.Spawn(settings.NumberOfVehicles, vehicleRng, pose.Position, !settings.DisableTwoWheeledVehicles, i => AgentId(1, i));
        _pedestrians.Spawn(settings.NumberOfPedestrians, pedestrianRng, i => AgentId(2, i));
        _autopilot.Reset(spot.Lane, spot.S, vehicleRng.Fork());
        _control = VehicleControl.Neutral;
        _ticks = 0;
        _previousVelocity = Vec2.Zero;
        _acceleration = Vec2.Zero;
        _running = true;
        _controlSinceRead = false;
        _sensors?.Reset();

        // The episode's first frame is a new engine frame: the counter runs on (spec §6), so no two frames share a number.
        _frameNumber++;
        RebuildObstacles();
        FillFrame();
    }

    public WorldFrame ReadFrame()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureRunning();
        if (!_settings!.SynchronousMode && !_controlSinceRead)
        {
            Tick(); // asynchronous: the world moves on with the previous inputs
        }

        _controlSinceRead = false;
        return _frame;
    }

    public void SendControl(in VehicleControl control)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        EnsureRunning();
        _control = control.Clamped();
        _controlSinceRead = true;
        Tick();
    }

    /// <summary>Makes the autopilot follow <paramref name="route"/> (null: random turns).</summary>
    public void SetPlayerRoute(Route? route)
    {
        EnsureRunning();
        _autopilot.SetRoute(route, new Vec2(_player.State.X, _player.State.Y));
        FillFrame();
    }

    /// <summary>
    /// Scenario hook: puts the player at a pose (m, degrees) with a speed (m/s), keeping the episode's collision totals; refreshes the
    /// frame. A teleport is no motion: the frame reports no acceleration, and the next tick's is measured from the
    /// placed velocity.
    /// </summary>
    public void PlacePlayer(double x, double y, double yawDegrees, double speed = 0)
    {
        EnsureRunning();
        _player.Place(x, y, yawDegrees * Angles.RadiansPerDegree, speed);
        _previousVelocity = Vec2.FromHeading(_player.State.YawRadians) * speed;
        _acceleration = Vec2.Zero;
        if (Town.Network.TryLocate(new Vec2(x, y), yawDegrees * Angles.RadiansPerDegree, 8, out LaneLocation location))
        {
            _autopilot.Reset(location.Lane, location.S, _worldRng.Fork());
        }

        RebuildObstacles();
        FillFrame();
    }

    /// <summary>Scenario hook: adds a vehicle on a lane, parked (never moves) or driving.</summary>
    public TrafficVehicle AddVehicle(Lane lane, double s, double speed = 0, bool parked = true)
    {
        EnsureRunning();
        TrafficVehicle vehicle = _traffic.Add(lane, s, speed, parked, AgentId(1, _traffic.Vehicles.Count));
        RebuildObstacles();
        return vehicle;
    }

    /// <summary>Scenario hook: adds a pedestrian standing still at (x, y) metres.</summary>
    public Pedestrian AddPedestrian(double x, double y, double yawDegrees = 0)
    {
        EnsureRunning();
        Pedestrian pedestrian = _pedestrians.AddStanding(new Vec2(x, y), yawDegrees * Angles.RadiansPerDegree, AgentId(2, _pedestrians.Pedestrians.Count));
        RebuildObstacles();
        return pedestrian;
    }

    public void Dispose() => _disposed = true;

    private void EnsureRunning()
    {
        if (!_running)
        {
            throw new InvalidOperationException("No episode is running: call NewEpisode(settings) and StartEpisode(index) first.");
        }
    }

    private void Tick()
    {
        _player.Step(_control, _dt, _options.PhysicsSubsteps, _traffic, _pedestrians);
        _ticks++;
        _lights.Update(_ticks * _dt);
        _traffic.Step(_dt, _context);
        _pedestrians.Step(_dt, _lights, new Vec2(_player.State.X, _player.State.Y), _player.State.Speed, _traffic.VehicleList);
        _frameNumber++;
        _simulatedMilliseconds += _tickMilliseconds;
        RebuildObstacles();
        Vec2 velocity = Vec2.FromHeading(_player.State.YawRadians) * _player.State.Speed;
        _acceleration = (velocity - _previousVelocity) / _dt;
        _previousVelocity = velocity;
        FillFrame();
    }

    private void RebuildObstacles()
    {
        _context.PlayerPosition = new Vec2(_player.State.X, _player.State.Y);
        _context.PlayerYaw = _player.State.YawRadians;
        _context.Bodies.Clear();
        _context.Occupancy.Rebuild(_traffic.VehicleList);
        _pedestrians.AddObstacles(_context.Bodies);
        _traffic.AddJunctionBodies(_context.Bodies);
        ref readonly VehicleState s = ref _player.State;
        _context.Bodies.AddVehicle(0, s.X, s.Y, s.YawRadians, _player.Parameters.HalfLengthMeters, _player.Parameters.HalfWidthMeters, s.Speed);
    }

    private void FillFrame()
    {
        _player.UpdateLaneFractions();
        ref readonly VehicleState s = ref _player.State;
        Measurements m = _frame.Measurements;
        m.FrameNumber = _frameNumber;
        m.GameTimestamp = (uint)(_ticks * _tickMilliseconds);
        m.PlatformTimestamp = _options.WallClockPlatformTimestamp ? (uint)_wallClock.ElapsedMilliseconds : (uint)_simulatedMilliseconds;
        PlayerMeasurements pm = m.PlayerMeasurements;
        pm.Transform = Transform.FromPlanar(s.X, s.Y, 0, s.YawRadians * Angles.DegreesPerRadian);
        pm.Acceleration = new Vector3D((float)_acceleration.X, (float)_acceleration.Y, 0);
        pm.ForwardSpeed = (float)s.Speed;
        CollisionTotals c = _player.Collisions;
        pm.CollisionVehicles = (float)c.Vehicles;
        pm.CollisionPedestrians = (float)c.Pedestrians;
        pm.CollisionOther = (float)c.Other;
        pm.IntersectionOtherLane = (float)_player.OtherLaneFraction;
        pm.IntersectionOffRoad = (float)_player.OffRoadFraction;
        pm.AutopilotControl = _autopilot.Compute(s, _context, 0);
        VehicleParameters p = _player.Parameters;
        pm.BoundingBox = new BoundingBox(
            Transform.FromPlanar(0, 0, p.HalfHeightMeters, 0),
            new Vector3D((float)p.HalfLengthMeters, (float)p.HalfWidthMeters, (float)p.HalfHeightMeters));
        m.NonPlayerAgents.Clear();
        if (_settings!.SendNonPlayerAgentsInfo)
        {
            AgentReport.Fill(m.NonPlayerAgents, _traffic, _pedestrians, _lights, Layout);
        }

        _frame.ClearSensorData();
        _sensors?.Capture(s, p, _traffic, _pedestrians, _lights, _lighting!, _autopilot.Route, _autopilot.Plan.RouteDistance, _frameNumber, _frame);
    }

    /// <summary>A 32-bit agent id that looks like CARLA's hashes and is stable for (kind, index).</summary>
    internal static uint AgentId(int kind, int index)
    {
        ulong z = ((ulong)(uint)kind << 32) | (uint)index;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (uint)(z ^ (z >> 31));
    }
}
