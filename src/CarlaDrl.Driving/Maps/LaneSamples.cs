using CarlaDrl.Driving.Geometry;

namespace CarlaDrl.Driving.Maps;

/// <summary>A centre line resampled at uniform arc length: positions, headings and curvatures.</summary>
internal sealed class LaneSamples
{
    private LaneSamples(double[] x, double[] y, double[] heading, double[] curvature, double length)
    {
        X = x;
        Y = y;
        Heading = heading;
        Curvature = curvature;
        Length = length;
    }

    public double[] X { get; }

    public double[] Y { get; }

    public double[] Heading { get; }

    public double[] Curvature { get; }

    public double Length { get; }

    /// <summary>A straight line from <paramref name="a"/> to <paramref name="b"/>.</summary>
    public static LaneSamples Line(Vec2 a, Vec2 b, double spacing)
    {
        double length = Vec2.Distance(a, b);
        int n = Math.Max(2, (int)Math.Ceiling(length / spacing) + 1);
        var x = new double[n];
        var y = new double[n];
        var h = new double[n];
        double heading = (b - a).HeadingRadians;
        for (int i = 0; i < n; i++)
        {
            double t = i / (double)(n - 1);
            x[i] = a.X + ((b.X - a.X) * t);
            y[i] = a.Y + ((b.Y - a.Y) * t);
            h[i] = heading;
        }

        return new LaneSamples(x, y, h, new double[n], length);
    }

    /// <summary>
    /// A cubic Bézier from <paramref name="p0"/> (leaving along <paramref name="d0"/>) to <paramref name="p3"/>
    /// (arriving along <paramref name="d3"/>). Handles of k·t with k = 4/3·tan(θ/4), where t is the distance from each
    /// end to the intersection of the two tangents, make a 90° turn a near-exact circular arc (error below 0.03%).
    /// </summary>
    public static LaneSamples Turn(Vec2 p0, Vec2 d0, Vec2 p3, Vec2 d3, double spacing)
    {
        double cross = Vec2.Cross(d0, d3);
        double theta = Math.Abs(Math.Atan2(cross, Vec2.Dot(d0, d3)));
        double t0, t1;
        if (Math.Abs(cross) < 1e-9)
        {
            // Parallel tangents (lane shift): an S-curve with handles of a third of the gap.
            t0 = t1 = Vec2.Distance(p0, p3) / 3;
            theta = Math.PI;
        }
        else
        {
            // p0 + d0·a = p3 − d3·b  →  solve the 2×2 system for a, b.
            Vec2 r = p3 - p0;
            double a = Vec2.Cross(r, -d3) / Vec2.Cross(d0, -d3);
            double b = Vec2.Cross(d0, r) / Vec2.Cross(d0, -d3);
            t0 = Math.Abs(a);
            t1 = Math.Abs(b);
        }

        double k = theta >= Math.PI ? 1.0 : 4.0 / 3.0 * Math.Tan(theta / 4);
        Vec2 p1 = p0 + (d0 * (k * t0));
        Vec2 p2 = p3 - (d3 * (k * t1));

        // Dense parameter sampling, then arc-length resampling.
        const int Dense = 512;
        var cumulative = new double[Dense + 1];
        Vec2 previous = p0;
        for (int i = 1; i <= Dense; i++)
        {
            Vec2 q = Bezier(p0, p1, p2, p3, i / (double)Dense);
            cumulative[i] = cumulative[i - 1] + Vec2.Distance(previous, q);
            previous = q;
        }

        double length = cumulative[Dense];
        int n = Math.Max(2, (int)Math.Ceiling(length / spacing) + 1);
        var x = new double[n];
        var y = new double[n];
        var h = new double[n];
        var kappa = new double[n];
        int j = 0;
        for (int i = 0; i < n; i++)
        {
            double target = length * i / (n - 1);
            while (j < Dense - 1 && cumulative[j + 1] < target)
            {
                j++;
            }

            double span = cumulative[j + 1] - cumulative[j];
            double u = (j + (span > 0 ? (target - cumulative[j]) / span : 0)) / Dense;
            Vec2 q = Bezier(p0, p1, p2, p3, u);
            Vec2 d1 = BezierDerivative(p0, p1, p2, p3, u);
            Vec2 dd = BezierSecondDerivative(p0, p1, p2, p3, u);
            x[i] = q.X;
            y[i] = q.Y;
            h[i] = d1.HeadingRadians;
            double speed = d1.Length;
            kappa[i] = speed > 0 ? Vec2.Cross(d1, dd) / (speed * speed * speed) : 0;
        }

        return new LaneSamples(x, y, h, kappa, length);
    }

    private static Vec2 Bezier(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, double u)
    {
        double v = 1 - u;
        return (p0 * (v * v * v)) + (p1 * (3 * v * v * u)) + (p2 * (3 * v * u * u)) + (p3 * (u * u * u));
    }

    private static Vec2 BezierDerivative(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, double u)
    {
        double v = 1 - u;
        return ((p1 - p0) * (3 * v * v)) + ((p2 - p1) * (6 * v * u)) + ((p3 - p2) * (3 * u * u));
    }

    private static Vec2 BezierSecondDerivative(Vec2 p0, Vec2 p1, Vec2 p2, Vec2 p3, double u) =>
        ((p2 - (p1 * 2) + p0) * (6 * (1 - u))) + ((p3 - (p2 * 2) + p1) * (6 * u));
}
