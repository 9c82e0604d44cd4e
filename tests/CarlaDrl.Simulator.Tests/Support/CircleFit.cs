namespace CarlaDrl.Simulator.Tests.Support;

/// <summary>Kåsa's algebraic least-squares circle fit: minimises Σ(x² + y² + D·x + E·y + F)².</summary>
internal static class CircleFit
{
    public static double Radius(IReadOnlyList<double> xs, IReadOnlyList<double> ys)
    {
        // Centre the data first for a well-conditioned system.
        double mx = xs.Average(), my = ys.Average();
        double sxx = 0, sxy = 0, syy = 0, sxz = 0, syz = 0, sz = 0;
        int n = xs.Count;
        for (int i = 0; i < n; i++)
        {
            double x = xs[i] - mx, y = ys[i] - my, z = (x * x) + (y * y);
            sxx += x * x;
            sxy += x * y;
            syy += y * y;
            sxz += x * z;
            syz += y * z;
            sz += z;
        }

        // With centred data the normal equations decouple F: [sxx sxy; sxy syy]·[D; E] = −[sxz; syz], F = −sz/n.
        double det = (sxx * syy) - (sxy * sxy);
        double d = (-(sxz * syy) + (syz * sxy)) / det;
        double e = (-(syz * sxx) + (sxz * sxy)) / det;
        double f = -sz / n;
        return Math.Sqrt((((d * d) + (e * e)) / 4) - f);
    }
}
