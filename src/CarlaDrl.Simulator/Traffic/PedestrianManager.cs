using CarlaDrl.Driving.Geometry;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// Pedestrians on the town's sidewalk loops. At a crosswalk end a walker may decide to cross; it waits for the
/// intersection's walk phase (all vehicle lights red) with enough time left, crosses, and continues on the loop at
/// the other end. A walker hit by the player lies down and is moved back to a sidewalk after a few seconds.
/// </summary>
public sealed class PedestrianManager
{
    /// <summary>Owner ids of pedestrians in the obstacle field start here.</summary>
    public const int OwnerBase = 1_000_000;

    /// <summary>Chance to cross when passing a crosswalk end.</summary>
    public const double CrossProbability = 0.3;

    /// <summary>How long a knocked-down pedestrian stays on the ground, s.</summary>
    public const double DownSeconds = 5;

    private readonly TownLayout _layout;
    private readonly List<Pedestrian> _pedestrians = [];
    private readonly List<(double U, int Crosswalk, bool IsA)>[] _crosswalkEnds;
    private Rng _rng = new(0UL);
    private Vec2 _player;
    private double _playerSpeed;
    private List<TrafficVehicle> _vehicles = [];

    public PedestrianManager(TownLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        _layout = layout;
        _crosswalkEnds = new List<(double, int, bool)>[layout.SidewalkLoops.Count];
        for (int i = 0; i < _crosswalkEnds.Length; i++)
        {
            _crosswalkEnds[i] = [];
        }

        foreach (Crosswalk c in layout.Crosswalks)
        {
            _crosswalkEnds[c.LoopA].Add((c.UA, c.Id, true));
            _crosswalkEnds[c.LoopB].Add((c.UB, c.Id, false));
        }
    }

    public IReadOnlyList<Pedestrian> Pedestrians => _pedestrians;

    /// <summary>The pedestrians as a concrete list, for allocation-free loops in the step.</summary>
    internal List<Pedestrian> PedestrianList => _pedestrians;

    /// <summary>Removes all pedestrians and spawns <paramref name="count"/> on random sidewalk points.</summary>
    public void Spawn(int count, Rng rng, Func<int, uint> idOf)
    {
        ArgumentNullException.ThrowIfNull(rng);
        ArgumentNullException.ThrowIfNull(idOf);
        _rng = rng;
        _pedestrians.Clear();
        if (_layout.SidewalkLoops.Count == 0)
        {
            return;
        }

        for (int i = 0; i < count; i++)
        {
            var p = new Pedestrian(i, idOf(i), rng.Uniform(1.0, 1.6), rng.NextDouble());
            PlaceOnRandomLoop(p, rng);
            _pedestrians.Add(p);
        }
    }

    /// <summary>
    /// Adds the pedestrians that can be in a car's way — those crossing or lying on the ground — to the obstacle field.
    /// Walkers and waiters stay on the sidewalk, whose middle is 3.5 m from the lane centre, outside every car's corridor.
    /// </summary>
    public void AddObstacles(ObstacleField field)
    {
        ArgumentNullException.ThrowIfNull(field);
        for (int i = 0; i < _pedestrians.Count; i++)
        {
            Pedestrian p = _pedestrians[i];
            if (p.State is not (PedestrianState.Crossing or PedestrianState.Down or PedestrianState.Standing))
            {
                continue;
            }

            field.AddPedestrian(OwnerBase + p.Index, p.X, p.Y, Pedestrian.Radius, p.Speed * Math.Cos(p.Yaw), p.Speed * Math.Sin(p.Yaw));
        }
    }

    /// <summary>Places a pedestrian that stands still at a point (scenarios and tests).</summary>
    public Pedestrian AddStanding(Vec2 position, double yawRadians, uint id)
    {
        var p = new Pedestrian(_pedestrians.Count, id, 1.3, 0.5) { State = PedestrianState.Standing, Loop = -1 };
        SetPose(p, position, yawRadians);
        _pedestrians.Add(p);
        return p;
    }

    /// <summary>Marks a pedestrian as knocked down by the player.</summary>
    public void KnockDown(Pedestrian pedestrian)
    {
        ArgumentNullException.ThrowIfNull(pedestrian);
        if (pedestrian.Index >= _pedestrians.Count || _pedestrians[pedestrian.Index] != pedestrian)
        {
            throw new ArgumentException("The pedestrian does not belong to this manager.", nameof(pedestrian));
        }

        pedestrian.State = PedestrianState.Down;
        pedestrian.Speed = 0;
        pedestrian.Timer = DownSeconds;
    }

    /// <summary>A waiting pedestrian does not step out while a car is this close to the crosswalk, m.</summary>
    public const double ClearanceMeters = 6.0;

    /// <summary>… or while a moving car is this close, m.</summary>
    public const double MovingClearanceMeters = 16.0;

    public void Step(double dt, TrafficLightSystem lights, Vec2 player, double playerSpeed, List<TrafficVehicle> vehicles)
    {
        ArgumentNullException.ThrowIfNull(vehicles);
        _player = player;
        _playerSpeed = playerSpeed;
        _vehicles = vehicles;
        for (int i = 0; i < _pedestrians.Count; i++)
        {
            Pedestrian p = _pedestrians[i];
            switch (p.State)
            {
                case PedestrianState.Walking:
                    Walk(p, dt);
                    break;
                case PedestrianState.WaitingToCross:
                    Wait(p, lights);
                    break;
                case PedestrianState.Crossing:
                    Cross(p, dt);
                    break;
                case PedestrianState.Down:
                    p.Timer -= dt;
                    if (p.Timer <= 0)
                    {
                        Respawn(p, player);
                    }

                    break;
            }
        }
    }

    private void Walk(Pedestrian p, double dt)
    {
        SidewalkLoop loop = _layout.SidewalkLoops[p.Loop];
        double step = p.WalkingSpeed * dt * p.Direction;
        double from = p.U, to = p.U + step;
        List<(double U, int Crosswalk, bool IsA)> ends = _crosswalkEnds[p.Loop];
        for (int i = 0; i < ends.Count; i++)
        {
            (double u, int crosswalk, bool isA) = ends[i];
            if (Passes(from, to, u, loop.Length) && _rng.NextDouble() < CrossProbability)
            {
                p.U = u;
                p.Crosswalk = crosswalk;
                p.CrossingFromA = isA;
                p.State = PedestrianState.WaitingToCross;
                p.Speed = 0;
                SetPose(p, loop.PositionAt(u), p.Yaw);
                return;
            }
        }

        p.U = Wrap(to, loop.Length);
        p.Speed = p.WalkingSpeed;
        Vec2 position = loop.PositionAt(p.U);
        Vec2 ahead = loop.PositionAt(p.U + p.Direction);
        SetPose(p, position, (ahead - position).HeadingRadians);
    }

    private void Wait(Pedestrian p, TrafficLightSystem lights)
    {
        Crosswalk c = _layout.Crosswalks[p.Crosswalk];
        if (lights.PedestriansMayCross(c, (c.Length / p.WalkingSpeed) + 1.0) && CrosswalkClear(c))
        {
            p.State = PedestrianState.Crossing;
            p.Progress = 0;
        }
    }

    /// <summary>No car on or about to reach the crosswalk (pedestrians look before they step out).</summary>
    private bool CrosswalkClear(Crosswalk c)
    {
        Vec2 middle = Vec2.Lerp(c.EndA, c.EndB, 0.5);
        if (Near(_player, _playerSpeed))
        {
            return false;
        }

        for (int i = 0; i < _vehicles.Count; i++)
        {
            TrafficVehicle v = _vehicles[i];
            if (Near(new Vec2(v.X, v.Y), v.Speed))
            {
                return false;
            }
        }

        return true;

        bool Near(Vec2 car, double speed)
        {
            double d = Vec2.Distance(car, middle);
            return d < ClearanceMeters || (d < MovingClearanceMeters && Math.Abs(speed) > 0.5);
        }
    }

    private void Cross(Pedestrian p, double dt)
    {
        Crosswalk c = _layout.Crosswalks[p.Crosswalk];
        Vec2 start = p.CrossingFromA ? c.EndA : c.EndB, end = p.CrossingFromA ? c.EndB : c.EndA;
        p.Progress += p.WalkingSpeed * dt;
        p.Speed = p.WalkingSpeed;
        if (p.Progress >= c.Length)
        {
            p.Loop = p.CrossingFromA ? c.LoopB : c.LoopA;
            p.U = p.CrossingFromA ? c.UB : c.UA;
            p.Direction = _rng.NextDouble() < 0.5 ? 1 : -1;
            p.State = PedestrianState.Walking;

            // Step off the crosswalk end so the same end does not trigger again at once.
            p.U = Wrap(p.U + (p.Direction * 0.6), _layout.SidewalkLoops[p.Loop].Length);
            SetPose(p, _layout.SidewalkLoops[p.Loop].PositionAt(p.U), p.Yaw);
            return;
        }

        SetPose(p, Vec2.Lerp(start, end, p.Progress / c.Length), (end - start).HeadingRadians);
    }

    private void Respawn(Pedestrian p, Vec2 player)
    {
        for (int attempt = 0; attempt < 20; attempt++)
        {
            PlaceOnRandomLoop(p, _rng);
            if (Vec2.Distance(new Vec2(p.X, p.Y), player) > 30)
            {
                break;
            }
        }
    }

    private void PlaceOnRandomLoop(Pedestrian p, Rng rng)
    {
        p.Loop = rng.NextInt(_layout.SidewalkLoops.Count);
        SidewalkLoop loop = _layout.SidewalkLoops[p.Loop];
        p.U = rng.NextDouble() * loop.Length;
        p.Direction = rng.NextDouble() < 0.5 ? 1 : -1;
        p.State = PedestrianState.Walking;
        p.Speed = 0;
        p.Crosswalk = -1;
        Vec2 position = loop.PositionAt(p.U);
        SetPose(p, position, (loop.PositionAt(p.U + p.Direction) - position).HeadingRadians);
    }

    private static void SetPose(Pedestrian p, Vec2 position, double yaw)
    {
        p.X = position.X;
        p.Y = position.Y;
        p.Yaw = yaw;
    }

    private static bool Passes(double from, double to, double u, double length)
    {
        // Compare on the unwrapped line around `from`.
        double du = u - from;
        du -= Math.Floor(du / length) * length; // 0 ≤ du < length, distance forward
        double step = to - from;
        return step >= 0 ? du > 0 && du <= step : (du - length) < 0 && (du - length) >= step;
    }

    private static double Wrap(double u, double length)
    {
        u %= length;
        return u < 0 ? u + length : u;
    }
}
