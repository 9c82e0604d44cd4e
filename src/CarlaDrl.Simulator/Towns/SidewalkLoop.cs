using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Simulator.Towns;

/// <summary>
/// A closed walking path around one block: the right-hand sidewalk of every lane met by always taking the rightmost
/// connector, offset to the sidewalk's middle and resampled at uniform spacing. Positions wrap modulo the length.
/// </summary>
public sealed class SidewalkLoop
{
    private readonly Vec2[] _points;

    internal SidewalkLoop(int id, Vec2[] points, double length)
    {
        Id = id;
        _points = points;
        Length = length;
        Spacing = length / points.Length;
    }

    public int Id { get; }

    /// <summary>Loop length, metres.</summary>
    public double Length { get; }

    public double Spacing { get; }

    public int PointCount => _points.Length;

    public Vec2 Point(int i) => _points[i];

    /// <summary>Position at <paramref name="u"/> metres along the loop (wrapped), linearly interpolated.</summary>
    public Vec2 PositionAt(double u)
    {
        u %= Length;
        if (u < 0)
        {
            u += Length;
        }

        double f = u / Spacing;
        int i = (int)f;
        if (i >= _points.Length)
        {
            i = _points.Length - 1;
        }

        Vec2 a = _points[i], b = _points[(i + 1) % _points.Length];
        return Vec2.Lerp(a, b, f - i);
    }

    /// <summary>Distance along the loop of the point nearest to <paramref name="p"/>, and that distance.</summary>
    public (double U, double Distance) Nearest(Vec2 p)
    {
        double best = double.MaxValue, bestU = 0;
        for (int i = 0; i < _points.Length; i++)
        {
            Vec2 a = _points[i], b = _points[(i + 1) % _points.Length];
            Vec2 e = b - a;
            double len2 = e.LengthSquared;
            double t = len2 > 0 ? Math.Clamp(Vec2.Dot(p - a, e) / len2, 0, 1) : 0;
            double d = (a + (e * t) - p).Length;
            if (d < best)
            {
                best = d;
                bestU = (i + t) * Spacing;
            }
        }

        return (bestU, best);
    }
}
