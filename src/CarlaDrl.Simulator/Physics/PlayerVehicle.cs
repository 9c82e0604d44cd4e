using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Physics;

/// <summary>
/// The player's car: bicycle-model physics in sub-steps, collisions with traffic (oriented boxes), pedestrians
/// (circles) and solid scenery (raster samples along the body outline), accumulated as CARLA 0.8.4 does — normal
/// impulse magnitudes in kg·m/s, counted only while |speed| &gt; 1 km/h — and the per-frame fractions of the
/// footprint on opposite-direction lanes and off the road.
/// </summary>
public sealed class PlayerVehicle
{
    /// <summary>Coefficient of restitution of hits.</summary>
    public const double Restitution = 0.2;

    /// <summary>Hits count only while the player moves faster than 1 km/h (spec §12.13).</summary>
    public const double MinimumHitSpeed = 1 / 3.6;

    public const double TrafficVehicleMassKg = 1500;

    public const double TwoWheelerMassKg = 250;

    public const double PedestrianMassKg = 80;

    private const int FootprintRows = 5;
    private const int FootprintColumns = 10;

    private readonly VehicleParameters _p;
    private readonly SurfaceMap _surface;
    private readonly List<TrafficVehicle> _nearVehicles = [];
    private readonly List<Pedestrian> _nearPedestrians = [];
    private VehicleState _state;
    private CollisionTotals _collisions;

    public PlayerVehicle(VehicleParameters parameters, SurfaceMap surface)
    {
        _p = (parameters ?? throw new ArgumentNullException(nameof(parameters))).Validate();
        _surface = surface ?? throw new ArgumentNullException(nameof(surface));
    }

    public VehicleParameters Parameters => _p;

    public ref readonly VehicleState State => ref _state;

    public CollisionTotals Collisions => _collisions;

    /// <summary>Fraction of the footprint on opposite-direction lanes at the last <see cref="UpdateLaneFractions"/>.</summary>
    public double OtherLaneFraction { get; private set; }

    /// <summary>Fraction of the footprint off the road at the last <see cref="UpdateLaneFractions"/>.</summary>
    public double OffRoadFraction { get; private set; }

    public OrientedBox Box => new(new Vec2(_state.X, _state.Y), _state.YawRadians, _p.HalfLengthMeters, _p.HalfWidthMeters);

    /// <summary>Puts the car at a pose with a forward speed (m/s, 0: at rest); the episode's collision totals are kept.</summary>
    public void Place(double x, double y, double yawRadians, double speed = 0)
    {
        // Wrapped as every physics step wraps it, so the reported yaw does not jump by 360° on the first tick.
        _state = new VehicleState { X = x, Y = y, YawRadians = Angles.WrapRadians(yawRadians), Speed = speed };
        UpdateLaneFractions();
    }

    /// <summary>Clears the episode's accumulated collisions (a new episode; they never decrease within one).</summary>
    public void ResetCollisions() => _collisions = default;

    /// <summary>Advances the car by <paramref name="dt"/> seconds in <paramref name="substeps"/> sub-steps, resolving hits.</summary>
    public void Step(in VehicleControl control, double dt, int substeps, TrafficManager traffic, PedestrianManager pedestrians)
    {
        // Broad phase once per tick: only bodies the car can reach within dt are tested in the sub-steps.
        double reach = Math.Sqrt((_p.HalfLengthMeters * _p.HalfLengthMeters) + (_p.HalfWidthMeters * _p.HalfWidthMeters))
            + (Math.Max(Math.Abs(_state.Speed), 1.0) * dt * 2) + 4.0;
        _nearVehicles.Clear();
        List<TrafficVehicle> vehicles = traffic.VehicleList;
        for (int i = 0; i < vehicles.Count; i++)
        {
            TrafficVehicle v = vehicles[i];
            double dx = v.X - _state.X, dy = v.Y - _state.Y;
            if ((dx * dx) + (dy * dy) < reach * reach)
            {
                _nearVehicles.Add(v);
            }
        }

        _nearPedestrians.Clear();
        List<Pedestrian> walkers = pedestrians.PedestrianList;
        for (int i = 0; i < walkers.Count; i++)
        {
            Pedestrian w = walkers[i];
            double dx = w.X - _state.X, dy = w.Y - _state.Y;
            if ((dx * dx) + (dy * dy) < reach * reach)
            {
                _nearPedestrians.Add(w);
            }
        }

        double h = dt / substeps;
        for (int k = 0; k < substeps; k++)
        {
            VehicleState previous = _state;
            BicycleModel.Step(ref _state, control, _p, h);
            if (_nearVehicles.Count > 0)
            {
                HitVehicles(previous);
            }

            if (_nearPedestrians.Count > 0)
            {
                HitPedestrians(pedestrians);
            }

            HitScenery(previous);
        }
    }

    /// <summary>Samples the footprint on the ground raster: other-lane and off-road fractions (spec §6).</summary>
    public void UpdateLaneFractions()
    {
        double c = Math.Cos(_state.YawRadians), s = Math.Sin(_state.YawRadians);
        int other = 0, offRoad = 0;
        for (int i = 0; i < FootprintColumns; i++)
        {
            double u = ((i + 0.5) / FootprintColumns * 2 - 1) * _p.HalfLengthMeters;
            for (int j = 0; j < FootprintRows; j++)
            {
                double w = ((j + 0.5) / FootprintRows * 2 - 1) * _p.HalfWidthMeters;
                double x = _state.X + (u * c) - (w * s), y = _state.Y + (u * s) + (w * c);
                SurfaceKind kind = _surface.KindAt(x, y, out byte direction);
                if (kind == SurfaceKind.Road)
                {
                    double laneHeading = SurfaceMap.DecodeDirection(direction);
                    if (Math.Cos(laneHeading - _state.YawRadians) < 0)
                    {
                        other++;
                    }
                }
                else if (kind != SurfaceKind.Junction)
                {
                    offRoad++;
                }
            }
        }

        const double Samples = FootprintRows * FootprintColumns;
        OtherLaneFraction = other / Samples;
        OffRoadFraction = offRoad / Samples;
    }

    private Vec2 Velocity => Vec2.FromHeading(_state.YawRadians + _state.SlipAngle) * _state.Speed;

    private bool Counts => Math.Abs(_state.Speed) > MinimumHitSpeed;

    private void HitVehicles(in VehicleState previous)
    {
        OrientedBox box = Box;
        var before = new OrientedBox(new Vec2(previous.X, previous.Y), previous.YawRadians, _p.HalfLengthMeters, _p.HalfWidthMeters);
        for (int i = 0; i < _nearVehicles.Count; i++)
        {
            TrafficVehicle other = _nearVehicles[i];
            var otherBox = new OrientedBox(new Vec2(other.X, other.Y), other.Yaw, other.HalfLength, other.HalfWidth);
            if (!OrientedBox.Overlap(box, otherBox, out double depth, out Vec2 normal))
            {
                continue;
            }

            double depthBefore = OrientedBox.Overlap(before, otherBox, out double d0, out _) ? d0 : 0;
            if (depth <= depthBefore + 1e-9)
            {
                continue; // separating from an existing overlap
            }

            Vec2 relative = Velocity - (Vec2.FromHeading(other.Yaw) * other.Speed);
            double closing = Vec2.Dot(relative, normal);
            double otherMass = other.TwoWheeled ? TwoWheelerMassKg : TrafficVehicleMassKg;
            double reduced = _p.MassKg * otherMass / (_p.MassKg + otherMass);
            if (closing > 0 && Counts)
            {
                _collisions.Vehicles += (1 + Restitution) * reduced * closing;
            }

            Bounce(previous, normal, Math.Max(0, closing), reduced / _p.MassKg);
            other.StunnedSeconds = 1.0;
            box = Box;
        }
    }

    private void HitPedestrians(PedestrianManager pedestrians)
    {
        OrientedBox box = Box;
        for (int i = 0; i < _nearPedestrians.Count; i++)
        {
            Pedestrian pedestrian = _nearPedestrians[i];
            if (pedestrian.State == PedestrianState.Down || !box.Overlaps(new Vec2(pedestrian.X, pedestrian.Y), Pedestrian.Radius, out _, out Vec2 normal))
            {
                continue;
            }

            // normal points from the car to the pedestrian.
            Vec2 relative = Velocity - (Vec2.FromHeading(pedestrian.Yaw) * pedestrian.Speed);
            double closing = Vec2.Dot(relative, normal);
            double reduced = _p.MassKg * PedestrianMassKg / (_p.MassKg + PedestrianMassKg);
            if (closing > 0 && Counts)
            {
                _collisions.Pedestrians += (1 + Restitution) * reduced * closing;
            }

            // A light body barely slows the car; the pedestrian goes down.
            _state.Speed -= Math.Sign(_state.Speed) * Math.Max(0, closing) * (1 + Restitution) * reduced / _p.MassKg;
            pedestrians.KnockDown(pedestrian);
        }
    }

    private void HitScenery(in VehicleState previous)
    {
        double reach = Math.Sqrt((_p.HalfLengthMeters * _p.HalfLengthMeters) + (_p.HalfWidthMeters * _p.HalfWidthMeters));
        if (_surface.ClearanceAt(_state.X, _state.Y) > reach)
        {
            return; // nothing solid within reach of the body
        }

        int hits = OutlineHits(_state, out Vec2 centroid);
        if (hits == 0)
        {
            return;
        }

        int hitsBefore = OutlineHits(previous, out _);
        if (hits <= hitsBefore)
        {
            return; // moving out of (or along) an existing contact
        }

        Vec2 normal = (centroid - new Vec2(_state.X, _state.Y)).Normalized;
        double closing = Vec2.Dot(Velocity, normal);
        if (closing > 0 && Counts)
        {
            _collisions.Other += (1 + Restitution) * _p.MassKg * closing;
        }

        Bounce(previous, normal, Math.Max(0, closing), 1.0);
    }

    /// <summary>Returns to the pre-step pose and removes (1 + e)·share of the closing speed along the normal.</summary>
    private void Bounce(in VehicleState previous, Vec2 normal, double closing, double share)
    {
        Vec2 velocity = Velocity - (normal * ((1 + Restitution) * share * closing));
        double steer = _state.Steer;
        bool reverse = _state.ReverseGear;
        _state = previous;
        _state.Steer = steer;
        _state.ReverseGear = reverse;
        _state.Speed = Vec2.Dot(velocity, Vec2.FromHeading(_state.YawRadians));
    }

    /// <summary>Counts outline samples (every ≤ one raster cell) that lie in solid cells; returns their centroid.</summary>
    private int OutlineHits(in VehicleState state, out Vec2 centroid)
    {
        double c = Math.Cos(state.YawRadians), s = Math.Sin(state.YawRadians);
        double hl = _p.HalfLengthMeters, hw = _p.HalfWidthMeters;
        double px = state.X, py = state.Y;
        int alongCount = (int)Math.Ceiling(2 * hl / SurfaceMap.CellSizeMeters);
        int acrossCount = (int)Math.Ceiling(2 * hw / SurfaceMap.CellSizeMeters);
        int hits = 0;
        double sx = 0, sy = 0;
        for (int i = 0; i <= alongCount; i++)
        {
            double u = -hl + (2 * hl * i / alongCount);
            Sample(u, -hw);
            Sample(u, hw);
        }

        for (int j = 1; j < acrossCount; j++)
        {
            double w = -hw + (2 * hw * j / acrossCount);
            Sample(-hl, w);
            Sample(hl, w);
        }

        centroid = hits > 0 ? new Vec2(sx / hits, sy / hits) : Vec2.Zero;
        return hits;

        void Sample(double u, double w)
        {
            double x = px + (u * c) - (w * s), y = py + (u * s) + (w * c);
            if (SurfaceMap.IsSolid(_surface.KindAt(x, y)))
            {
                hits++;
                sx += x;
                sy += y;
            }
        }
    }
}
