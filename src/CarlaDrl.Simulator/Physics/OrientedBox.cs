using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Simulator.Physics;

/// <summary>A planar oriented box: centre (m), yaw (rad), half length along the yaw axis and half width (m).</summary>
public readonly record struct OrientedBox(Vec2 Center, double Yaw, double HalfLength, double HalfWidth)
{
    /// <summary>
    /// Separating-axis test of two boxes (Gottschalk et al., "OBBTree", 1996, reduced to 2-D: four axes).
    /// On overlap, <paramref name="depth"/> is the smallest penetration (m) and <paramref name="normal"/> the unit
    /// axis of it, pointing from <paramref name="a"/> towards <paramref name="b"/>.
    /// </summary>
    public static bool Overlap(in OrientedBox a, in OrientedBox b, out double depth, out Vec2 normal)
    {
        depth = double.MaxValue;
        normal = Vec2.Zero;
        Vec2 d = b.Center - a.Center;
        double reach = a.HalfLength + a.HalfWidth + b.HalfLength + b.HalfWidth;
        if (d.LengthSquared > reach * reach)
        {
            return false;
        }

        Vec2 af = Vec2.FromHeading(a.Yaw), ar = af.Right, bf = Vec2.FromHeading(b.Yaw), br = bf.Right;
        return Axis(af, a, b, d, af, ar, bf, br, ref depth, ref normal)
            && Axis(ar, a, b, d, af, ar, bf, br, ref depth, ref normal)
            && Axis(bf, a, b, d, af, ar, bf, br, ref depth, ref normal)
            && Axis(br, a, b, d, af, ar, bf, br, ref depth, ref normal);
    }

    /// <summary>Whether a circle (centre, radius m) overlaps this box; returns the penetration and the normal from box to circle.</summary>
    public bool Overlaps(Vec2 circleCenter, double radius, out double depth, out Vec2 normal)
    {
        Vec2 f = Vec2.FromHeading(Yaw), r = f.Right;
        Vec2 d = circleCenter - Center;
        double u = Math.Clamp(Vec2.Dot(d, f), -HalfLength, HalfLength);
        double v = Math.Clamp(Vec2.Dot(d, r), -HalfWidth, HalfWidth);
        Vec2 closest = Center + (f * u) + (r * v);
        Vec2 gap = circleCenter - closest;
        double distance = gap.Length;
        if (distance >= radius)
        {
            depth = 0;
            normal = Vec2.Zero;
            return false;
        }

        depth = radius - distance;
        normal = distance > 1e-9 ? gap / distance : d.Normalized;
        return true;
    }

    private static bool Axis(Vec2 axis, in OrientedBox a, in OrientedBox b, Vec2 d, Vec2 af, Vec2 ar, Vec2 bf, Vec2 br, ref double depth, ref Vec2 normal)
    {
        double ra = (a.HalfLength * Math.Abs(Vec2.Dot(af, axis))) + (a.HalfWidth * Math.Abs(Vec2.Dot(ar, axis)));
        double rb = (b.HalfLength * Math.Abs(Vec2.Dot(bf, axis))) + (b.HalfWidth * Math.Abs(Vec2.Dot(br, axis)));
        double distance = Vec2.Dot(d, axis);
        double overlap = ra + rb - Math.Abs(distance);
        if (overlap <= 0)
        {
            return false;
        }

        if (overlap < depth)
        {
            depth = overlap;
            normal = distance >= 0 ? axis : -axis;
        }

        return true;
    }
}
