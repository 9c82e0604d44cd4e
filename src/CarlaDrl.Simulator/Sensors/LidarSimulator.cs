using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Rendering;

namespace CarlaDrl.Simulator.Sensors;

/// <summary>
/// CARLA 0.8.4's ray-cast lidar (spec §7): per tick each of C lasers casts round(PointsPerSecond·dt / C) rays while
/// the head sweeps RotationFrequency·360·dt degrees; laser pitches are spaced linearly from the upper to the lower
/// FOV limit. Rays hit the ground and every box within range except the player's own car; a point is
/// (lidar − hit) rotated about Z by (90° − lidar yaw), in metres, as <c>ALidar::ShootLaser</c> writes it.
/// Boxes are bucketed by azimuth so each ray tests only its sector. Allocation-free per tick.
/// </summary>
internal sealed class LidarSimulator
{
    private const int Sectors = 360;

    private readonly LidarDefinition _definition;
    private readonly int _raysPerLaser;
    private readonly double _sweepDegrees;
    private readonly double[] _pitch;
    private readonly List<int>[] _sectorBoxes = new List<int>[Sectors];
    private readonly List<RenderBox> _candidates = new(4096);
    private double _angleDegrees;

    public LidarSimulator(LidarDefinition definition, double dt)
    {
        _definition = definition;
        int channels = definition.Channels;
        _raysPerLaser = (int)Math.Round(definition.PointsPerSecond * dt / channels, MidpointRounding.AwayFromZero);
        _sweepDegrees = definition.RotationFrequency * 360 * dt;
        _pitch = new double[channels];
        for (int c = 0; c < channels; c++)
        {
            _pitch[c] = channels == 1 ? definition.UpperFovLimit : definition.UpperFovLimit - (c * (definition.UpperFovLimit - definition.LowerFovLimit) / (channels - 1));
        }

        for (int s = 0; s < Sectors; s++)
        {
            _sectorBoxes[s] = new List<int>(256);
        }

        MaxPoints = channels * _raysPerLaser;
    }

    /// <summary>Largest number of points one tick can return.</summary>
    public int MaxPoints { get; }

    /// <summary>Scans one tick from a lidar at world (x, y, z) with yaw (degrees) and fills <paramref name="output"/>.</summary>
    public void Scan(double x, double y, double z, double yawDegrees, ReadOnlySpan<RenderBox> staticBoxes, ReadOnlySpan<RenderBox> dynamicBoxes, int skipDynamicFrom, int skipDynamicCount, LidarMeasurement output)
    {
        double range = _definition.Range;
        Bucket(x, y, range, staticBoxes, dynamicBoxes, skipDynamicFrom, skipDynamicCount);
        output.EnsureCapacity(MaxPoints);
        float[] points = output.Points;
        int count = 0;
        double step = _sweepDegrees / Math.Max(1, _raysPerLaser);
        double rotate = (90 - yawDegrees) * Math.PI / 180;
        double cr = Math.Cos(rotate), sr = Math.Sin(rotate);
        for (int channel = 0; channel < _pitch.Length; channel++)
        {
            double pitch = _pitch[channel] * Math.PI / 180;
            double cp = Math.Cos(pitch), sp = Math.Sin(pitch);
            int hits = 0;
            for (int i = 0; i < _raysPerLaser; i++)
            {
                double azimuthDegrees = yawDegrees + _angleDegrees + (step * i);
                double azimuth = azimuthDegrees * Math.PI / 180;
                double dx = cp * Math.Cos(azimuth), dy = cp * Math.Sin(azimuth), dz = sp;
                double t = Cast(x, y, z, dx, dy, dz, range, SectorOf(azimuthDegrees));
                if (t > range)
                {
                    continue;
                }

                // (lidar − hit) rotated about Z by (90° − yaw).
                double vx = -dx * t, vy = -dy * t, vz = -dz * t;
                points[(3 * count) + 0] = (float)((vx * cr) - (vy * sr));
                points[(3 * count) + 1] = (float)((vx * sr) + (vy * cr));
                points[(3 * count) + 2] = (float)vz;
                count++;
                hits++;
            }

            output.PointsPerChannel[channel] = (uint)hits;
        }

        _angleDegrees = (_angleDegrees + _sweepDegrees) % 360;
        output.HorizontalAngle = (float)_angleDegrees;
        output.PointCount = count;
    }

    /// <summary>Resets the head to angle 0 (a new episode).</summary>
    public void Reset() => _angleDegrees = 0;

    private static int SectorOf(double degrees)
    {
        double d = degrees % 360;
        if (d < 0)
        {
            d += 360;
        }

        return Math.Min(Sectors - 1, (int)d);
    }

    private void Bucket(double x, double y, double range, ReadOnlySpan<RenderBox> staticBoxes, ReadOnlySpan<RenderBox> dynamicBoxes, int skipFrom, int skipCount)
    {
        _candidates.Clear();
        foreach (List<int> sector in _sectorBoxes)
        {
            sector.Clear();
        }

        foreach (ref readonly RenderBox box in staticBoxes)
        {
            Consider(box);
        }

        for (int i = 0; i < dynamicBoxes.Length; i++)
        {
            if (i < skipFrom || i >= skipFrom + skipCount)
            {
                Consider(dynamicBoxes[i]);
            }
        }

        void Consider(in RenderBox box)
        {
            double r = Math.Sqrt((box.HalfLength * box.HalfLength) + (box.HalfWidth * box.HalfWidth));
            double dx = box.X - x, dy = box.Y - y;
            double d = Math.Sqrt((dx * dx) + (dy * dy));
            if (d - r > range)
            {
                return;
            }

            int index = _candidates.Count;
            _candidates.Add(box);
            if (d <= r + 0.01)
            {
                for (int s = 0; s < Sectors; s++)
                {
                    _sectorBoxes[s].Add(index);
                }

                return;
            }

            double centre = Math.Atan2(dy, dx) * 180 / Math.PI;
            double half = (Math.Asin(Math.Min(1, r / d)) * 180 / Math.PI) + 1;
            for (double a = centre - half; a <= centre + half + 1; a += 1)
            {
                _sectorBoxes[SectorOf(a)].Add(index);
            }
        }
    }

    /// <summary>Distance along the unit ray to the nearest hit (∞ when nothing within range).</summary>
    private double Cast(double x, double y, double z, double dx, double dy, double dz, double range, int sector)
    {
        double best = dz < -1e-9 ? -z / dz : double.PositiveInfinity; // the ground
        List<int> boxes = _sectorBoxes[sector];
        for (int k = 0; k < boxes.Count; k++)
        {
            RenderBox box = _candidates[boxes[k]];
            double c = Math.Cos(box.Yaw), s = Math.Sin(box.Yaw);
            double ox = x - box.X, oy = y - box.Y;
            double lx = (ox * c) + (oy * s), ly = (-ox * s) + (oy * c), lz = z;
            double ldx = (dx * c) + (dy * s), ldy = (-dx * s) + (dy * c);
            double t = SlabHit(lx, ly, lz, ldx, ldy, dz, box.HalfLength, box.HalfWidth, box.Bottom, box.Bottom + box.Height);
            if (t < best)
            {
                best = t;
            }
        }

        return best <= range ? best : double.PositiveInfinity;
    }

    private static double SlabHit(double ox, double oy, double oz, double dx, double dy, double dz, double hx, double hy, double z0, double z1)
    {
        double tMin = 0, tMax = double.PositiveInfinity;
        if (!Slab(ox, dx, -hx, hx, ref tMin, ref tMax) || !Slab(oy, dy, -hy, hy, ref tMin, ref tMax) || !Slab(oz, dz, z0, z1, ref tMin, ref tMax))
        {
            return double.PositiveInfinity;
        }

        return tMin > 0 ? tMin : double.PositiveInfinity; // rays starting inside a box ignore it
    }

    private static bool Slab(double o, double d, double lo, double hi, ref double tMin, ref double tMax)
    {
        if (Math.Abs(d) < 1e-12)
        {
            return o >= lo && o <= hi;
        }

        double t1 = (lo - o) / d, t2 = (hi - o) / d;
        if (t1 > t2)
        {
            (t1, t2) = (t2, t1);
        }

        tMin = Math.Max(tMin, t1);
        tMax = Math.Min(tMax, t2);
        return tMin <= tMax;
    }
}
