using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Autopilot;

/// <summary>
/// The player's built-in expert, reported every frame as <c>autopilot_control</c> (as CARLA 0.8.4 does): it follows
/// a route (or random turns), keeps the lane with pure pursuit (Coulter 1992) from the rear axle, and sets its speed
/// with <see cref="DriverModel"/> — car following, red lights, pedestrians, curves, stopping at the goal — mapping
/// the wanted acceleration to throttle or brake through the car's own force model. When the car leaves its plan
/// (another driver is in control), it relocates itself on the nearest lane and re-plans.
/// </summary>
public sealed class AutopilotDriver
{
    /// <summary>Lateral distance from the plan beyond which the autopilot relocates, m.</summary>
    public const double RelocateDistanceMeters = 3.0;

    private readonly RoadNetwork _network;
    private readonly RoutePlanner _planner;
    private readonly VehicleParameters _vehicle;
    private readonly DriverParameters _driver;
    private readonly LanePlan _plan = new();
    private Rng _rng = new(0UL);
    private Route? _route;

    public AutopilotDriver(RoadNetwork network, VehicleParameters vehicle, DriverParameters? driver = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(vehicle);
        _network = network;
        _planner = new RoutePlanner(network);
        _vehicle = vehicle;
        _driver = driver ?? DriverParameters.Autopilot;
    }

    public LanePlan Plan => _plan;

    /// <summary>The route being followed, if any.</summary>
    public Route? Route => _route;

    /// <summary>Starts a random plan at a lane position.</summary>
    public void Reset(Lane lane, double s, Rng rng)
    {
        ArgumentNullException.ThrowIfNull(lane);
        _rng = rng ?? throw new ArgumentNullException(nameof(rng));
        _route = null;
        _plan.ResetRandom(lane, s, _rng);
    }

    /// <summary>Follows <paramref name="route"/> from where the car is on it (null: random turns).</summary>
    public void SetRoute(Route? route, Vec2 position)
    {
        _route = route;
        if (route is null)
        {
            _plan.ResetRandom(_plan.Current, _plan.S, _rng);
            return;
        }

        (double distance, _) = route.Project(position, 0, Math.Min(route.Length, 30));
        (int segment, double s) = route.Locate(distance);
        _plan.ResetRoute(route, segment, s, distance);
    }

    /// <summary>The control the autopilot would apply in state <paramref name="state"/>.</summary>
    public VehicleControl Compute(in VehicleState state, TrafficContext context, int owner)
    {
        var position = new Vec2(state.X, state.Y);
        Localize(position, state.YawRadians);

        double v = state.Speed;
        double a = DriverModel.DesiredAcceleration(_plan, position, state.YawRadians, v, _vehicle.HalfLengthMeters, _vehicle.HalfWidthMeters, owner, -1, context, _driver);
        if (_plan.IsFinite && _plan.RemainingDistance < 0.5 + _driver.StopLineGap && v < 0.5)
        {
            a = -_driver.MaxDeceleration; // arrived: hold the car
        }

        float steer = Steer(state);
        (float throttle, float brake) = Pedals(v, a);
        return new VehicleControl(steer, throttle, brake);
    }

    private void Localize(Vec2 position, double yaw)
    {
        Lane lane = _plan.Current;
        (double s, double lateral) = lane.Project(position, _plan.S, 4.0);
        if (s >= lane.Length - 1e-6 && _plan.Count > 1)
        {
            _plan.Advance(lane.Length - _plan.S + 1e-6);
            lane = _plan.Current;
            (s, lateral) = lane.Project(position, 0, 4.0);
        }

        double headingError = Math.Abs(Angles.WrapRadians(yaw - lane.PoseAt(s).HeadingRadians));
        if (Math.Abs(lateral) <= RelocateDistanceMeters && headingError < Math.PI / 2)
        {
            _plan.Advance(s - _plan.S);
            return;
        }

        if (!_network.TryLocate(position, yaw, 8.0, out LaneLocation location))
        {
            return; // far off any road: keep aiming at the old plan
        }

        if (_route is not null && _planner.Plan(location.Lane, location.S, _route.Segments[^1].Lane, _route.Segments[^1].EndS) is Route replanned)
        {
            _route = replanned;
            _plan.ResetRoute(replanned);
        }
        else
        {
            _plan.ResetRandom(location.Lane, location.S, _rng);
        }
    }

    private float Steer(in VehicleState state)
    {
        double v = Math.Max(0, state.Speed);
        double lookahead = Math.Clamp(2 + (0.5 * v), 3.5, 12);
        _plan.EnsureHorizon(lookahead + 1);
        (Lane lane, double s) = _plan.Ahead(lookahead);
        Vec2 target = lane.PositionAt(s);
        double half = 0.5 * _vehicle.WheelbaseMeters;
        var rear = new Vec2(state.X - (Math.Cos(state.YawRadians) * half), state.Y - (Math.Sin(state.YawRadians) * half));
        Vec2 toTarget = target - rear;
        double distance = Math.Max(toTarget.Length, 1.0);
        double alpha = Angles.WrapRadians(toTarget.HeadingRadians - state.YawRadians);
        double delta = Math.Atan(2 * _vehicle.WheelbaseMeters * Math.Sin(alpha) / distance);
        double maxDelta = _vehicle.MaxSteerAngleDegrees * Angles.RadiansPerDegree * _vehicle.SteerFraction(v);
        return (float)Math.Clamp(delta / maxDelta, -1, 1);
    }

    private (float Throttle, float Brake) Pedals(double v, double a)
    {
        if (v < -0.1)
        {
            return (0, 1); // rolling backwards: stop first
        }

        if (v < 0.05 && a < 0.2)
        {
            return (0, 1); // stopped and not asked to go: hold with the brake
        }

        VehicleParameters p = _vehicle;
        double passive = (p.DragCoefficient * v * v) + (p.RollingResistanceCoefficient * p.MassKg * VehicleParameters.Gravity);
        double force = (p.MassKg * a) + passive;
        if (force > 0 && a > -0.05)
        {
            double available = Math.Min(p.MaxDriveForceNewtons, p.MaxPowerWatts / Math.Max(v, 1.0));
            return ((float)Math.Clamp(force / available, 0, 1), 0);
        }

        double braking = (-p.MassKg * a) - passive - p.EngineBrakeForceNewtons;
        return (0, (float)Math.Clamp(braking / p.MaxBrakeForceNewtons, 0, 1));
    }
}
