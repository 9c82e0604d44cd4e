using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// Draws boxes into a camera's buffers: the faces that face the camera are clipped at the near plane, projected, and
/// filled as triangles with edge functions, perspective-correct depth (1/z interpolated in screen space) and a depth
/// test. Each face is flat-shaded by the sun; traffic-light lamps glow in their light's colour.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
internal sealed class BoxRasterizer
{
    private readonly int _w;
    private readonly int _h;
    private readonly double _f;
    private readonly float[] _depth;
    private readonly byte[] _label;
    private readonly float[] _r;
    private readonly float[] _g;
    private readonly float[] _b;
    private readonly DepthTiles _tiles;
    private readonly float[] _inverseDepth;
    /// <summary>Largest projected size (pixels) drawn as a splat rather than as faces.</summary>
    public const double SplatPixels = 3.0;

    private readonly double[] _cx = new double[8];
    private readonly double[] _cy = new double[8];
    private readonly double[] _cz = new double[8];
    private readonly double[] _sx = new double[8];
    private readonly double[] _sy = new double[8];
    private readonly double[] _siz = new double[8];
    private bool _projected;
    private readonly double[] _polyX = new double[8];
    private readonly double[] _polyY = new double[8];
    private readonly double[] _polyZ = new double[8];
    private readonly double[] _clipX = new double[8];
    private readonly double[] _clipY = new double[8];
    private readonly double[] _clipZ = new double[8];
    private CameraPose _pose;
    private SceneLighting? _light;
    private TrafficLightSystem? _lights;
    private bool _color;

    public BoxRasterizer(int width, int height, double focal, float[] depth, float[] inverseDepth, byte[] label, float[] r, float[] g, float[] b, DepthTiles tiles)
    {
        _tiles = tiles;
        _inverseDepth = inverseDepth;
        _w = width;
        _h = height;
        _f = focal;
        _depth = depth;
        _label = label;
        _r = r;
        _g = g;
        _b = b;
    }

    public void Begin(in CameraPose pose, SceneLighting light, TrafficLightSystem lights, bool color)
    {
        _pose = pose;
        _light = light;
        _lights = lights;
        _color = color;
    }

    public void DrawBox(in RenderBox box)
    {
        double c = box.Cos, s = box.Sin;
        double lx = box.HalfLength, ly = box.HalfWidth;

        // The bottom centre and the box's three half axes in camera space; corners are their signed sums.
        (double ox, double oy, double oz) = _pose.ToCamera(box.X, box.Y, box.Bottom);
        double fx = c * lx, fy = s * lx, wx = -s * ly, wy = c * ly, h = box.Height;
        double ax = (fx * _pose.Rx) + (fy * _pose.Ry), ay = (fx * _pose.Ux) + (fy * _pose.Uy), az = (fx * _pose.Fx) + (fy * _pose.Fy);
        double bx = (wx * _pose.Rx) + (wy * _pose.Ry), by = (wx * _pose.Ux) + (wy * _pose.Uy), bz = (wx * _pose.Fx) + (wy * _pose.Fy);
        double hx = h * _pose.Rz, hy = h * _pose.Uz, hz = h * _pose.Fz;
        for (int k = 0; k < 8; k++)
        {
            double u = (k & 3) is 1 or 2 ? 1 : -1;
            double v = (k & 3) >= 2 ? 1 : -1;
            double t = k < 4 ? 0 : 1;
            _cx[k] = ox + (u * ax) + (v * bx) + (t * hx);
            _cy[k] = oy + (u * ay) + (v * by) + (t * hy);
            _cz[k] = oz + (u * az) + (v * bz) + (t * hz);
        }

        // Project the corners once when none is behind the near plane (the usual case); otherwise each face clips.
        _projected = true;
        for (int k = 0; k < 8; k++)
        {
            if (_cz[k] < CameraRenderer.NearPlaneMeters)
            {
                _projected = false;
                break;
            }
        }

        if (_projected)
        {
            double half = _w / 2.0, halfH = _h / 2.0;
            for (int k = 0; k < 8; k++)
            {
                double iz = 1 / _cz[k];
                _sx[k] = half + (_f * _cx[k] * iz);
                _sy[k] = halfH - (_f * _cy[k] * iz);
                _siz[k] = iz;
            }
        }

        // The camera in the box's frame decides which faces it can see.
        double rx = _pose.X - box.X, ry = _pose.Y - box.Y;
        double localX = (rx * c) + (ry * s), localY = (-rx * s) + (ry * c);
        if (_projected && Splat(box, localX, localY))
        {
            return;
        }

        double top = box.Bottom + box.Height;
        bool lamp = box.LightId >= 0;
        if (localX > lx)
        {
            Face(box, 1, 2, 6, 5, c, s, 0, lamp);
        }

        if (localX < -lx)
        {
            Face(box, 0, 4, 7, 3, -c, -s, 0, false);
        }

        if (localY > ly)
        {
            Face(box, 2, 3, 7, 6, -s, c, 0, false);
        }

        if (localY < -ly)
        {
            Face(box, 0, 1, 5, 4, s, -c, 0, false);
        }

        if (_pose.Z > top)
        {
            Face(box, 4, 5, 6, 7, 0, 0, 1, false);
        }

        if (_pose.Z < box.Bottom)
        {
            Face(box, 0, 3, 2, 1, 0, 0, -1, false);
        }
    }

    private void Face(in RenderBox box, int a, int b, int c, int d, double nx, double ny, double nz, bool glowing)
    {
        (float r, float g, float bl) = _color ? Shade(box, nx, ny, nz, glowing) : (0f, 0f, 0f);

        int n = 4;
        if (_projected)
        {
            _clipX[0] = _sx[a];
            _clipY[0] = _sy[a];
            _clipZ[0] = _siz[a];
            _clipX[1] = _sx[b];
            _clipY[1] = _sy[b];
            _clipZ[1] = _siz[b];
            _clipX[2] = _sx[c];
            _clipY[2] = _sy[c];
            _clipZ[2] = _siz[c];
            _clipX[3] = _sx[d];
            _clipY[3] = _sy[d];
            _clipZ[3] = _siz[d];
            Polygon(n, r, g, bl, (byte)box.Label);
            return;
        }

        _polyX[0] = _cx[a];
        _polyY[0] = _cy[a];
        _polyZ[0] = _cz[a];
        _polyX[1] = _cx[b];
        _polyY[1] = _cy[b];
        _polyZ[1] = _cz[b];
        _polyX[2] = _cx[c];
        _polyY[2] = _cy[c];
        _polyZ[2] = _cz[c];
        _polyX[3] = _cx[d];
        _polyY[3] = _cy[d];
        _polyZ[3] = _cz[d];
        n = ClipNear(n);
        if (n < 3)
        {
            return;
        }

        // Project in place: x, y become pixel coordinates, z becomes 1/z.
        double cx = _w / 2.0, cy = _h / 2.0;
        for (int k = 0; k < n; k++)
        {
            double iz = 1 / _clipZ[k];
            _clipX[k] = cx + (_f * _clipX[k] * iz);
            _clipY[k] = cy - (_f * _clipY[k] * iz);
            _clipZ[k] = iz;
        }

        Polygon(n, r, g, bl, (byte)box.Label);
    }

    /// <summary>
    /// A box that projects into at most <see cref="SplatPixels"/> pixels each way is drawn as its screen rectangle at
    /// its nearest depth, coloured like its side facing the camera: exact enough at that size, and a fraction of the
    /// cost of clipping and scan-converting its faces. Returns false for larger boxes.
    /// </summary>
    private bool Splat(in RenderBox box, double localX, double localY)
    {
        double minX = _sx[0], maxX = _sx[0], minY = _sy[0], maxY = _sy[0], iz = _siz[0];
        for (int k = 1; k < 8; k++)
        {
            minX = Math.Min(minX, _sx[k]);
            maxX = Math.Max(maxX, _sx[k]);
            minY = Math.Min(minY, _sy[k]);
            maxY = Math.Max(maxY, _sy[k]);
            iz = Math.Max(iz, _siz[k]);
        }

        if (maxX - minX > SplatPixels || maxY - minY > SplatPixels)
        {
            return false;
        }

        int x0 = Math.Max(0, (int)Math.Ceiling(minX - 0.5)), x1 = Math.Min(_w - 1, (int)Math.Floor(maxX - 0.5));
        int y0 = Math.Max(0, (int)Math.Ceiling(minY - 0.5)), y1 = Math.Min(_h - 1, (int)Math.Floor(maxY - 0.5));
        if (x0 > x1 || y0 > y1)
        {
            return true; // between pixel centres: nothing to draw
        }

        float r = 0, g = 0, bl = 0;
        if (_color)
        {
            // The side the camera looks at most squarely.
            double c = box.Cos, s = box.Sin;
            (double nx, double ny) = Math.Abs(localX) * box.HalfWidth >= Math.Abs(localY) * box.HalfLength
                ? (Math.Sign(localX) * c, Math.Sign(localX) * s)
                : (-Math.Sign(localY) * s, Math.Sign(localY) * c);
            (r, g, bl) = Shade(box, nx, ny, 0, box.LightId >= 0 && localX > box.HalfLength);
        }

        float inverse = (float)iz, depth = (float)(1 / iz);
        byte label = (byte)box.Label;
        for (int py = y0; py <= y1; py++)
        {
            _tiles.MarkSpan(py, x0, x1);
            for (int i = (py * _w) + x0, end = (py * _w) + x1; i <= end; i++)
            {
                if (inverse <= _inverseDepth[i])
                {
                    continue;
                }

                _inverseDepth[i] = inverse;
                _depth[i] = depth;
                _label[i] = label;
                if (_color)
                {
                    _r[i] = r;
                    _g[i] = g;
                    _b[i] = bl;
                }
            }
        }

        return true;
    }

    /// <summary>A face's colour: albedo under the sun, or the glow of a traffic-light lamp in its light's state.</summary>
    private (float R, float G, float B) Shade(in RenderBox box, double nx, double ny, double nz, bool glowing)
    {
        if (glowing)
        {
            return _lights!.StateOf(box.LightId) switch
            {
                TrafficLightState.Green => (0.1f, 1.6f, 0.3f),
                TrafficLightState.Yellow => (1.6f, 1.2f, 0.1f),
                _ => (1.7f, 0.1f, 0.05f),
            };
        }

        (float lr, float lg, float lb) = _light!.FaceLight(nx, ny, nz);
        return (box.R * lr, box.G * lg, box.B * lb);
    }

    /// <summary>Sutherland–Hodgman against z ≥ near: polygon in _poly*, result in _clip*.</summary>
    private int ClipNear(int n)
    {
        const double Near = CameraRenderer.NearPlaneMeters;
        int m = 0;
        for (int k = 0; k < n; k++)
        {
            int j = (k + 1) % n;
            double zk = _polyZ[k], zj = _polyZ[j];
            bool inK = zk >= Near, inJ = zj >= Near;
            if (inK)
            {
                _clipX[m] = _polyX[k];
                _clipY[m] = _polyY[k];
                _clipZ[m++] = zk;
            }

            if (inK != inJ)
            {
                double t = (Near - zk) / (zj - zk);
                _clipX[m] = _polyX[k] + ((_polyX[j] - _polyX[k]) * t);
                _clipY[m] = _polyY[k] + ((_polyY[j] - _polyY[k]) * t);
                _clipZ[m++] = Near;
            }
        }

        return m;
    }

    /// <summary>
    /// Fills the convex polygon in _clip* (pixel x, pixel y, 1/z). 1/z is affine in screen space for a planar face,
    /// so it is a plane fitted once; each row's span comes from intersecting the edges' half-planes, so only covered
    /// pixels are visited.
    /// </summary>
    private void Polygon(int n, float r, float g, float bl, byte label)
    {
        // Orientation and the 1/z plane from the polygon's largest triangle fan member.
        double area = 0;
        for (int k = 0; k < n; k++)
        {
            int j = k + 1 == n ? 0 : k + 1;
            area += (_clipX[k] * _clipY[j]) - (_clipX[j] * _clipY[k]);
        }

        if (Math.Abs(area) < 1e-9)
        {
            return;
        }

        double sign = area > 0 ? 1 : -1;
        double x0 = _clipX[0], y0 = _clipY[0], z0 = _clipZ[0];
        double ex1 = _clipX[1] - x0, ey1 = _clipY[1] - y0, ez1 = _clipZ[1] - z0;
        double ex2 = _clipX[2] - x0, ey2 = _clipY[2] - y0, ez2 = _clipZ[2] - z0;
        double det = (ex1 * ey2) - (ey1 * ex2);
        if (Math.Abs(det) < 1e-12 && n > 3)
        {
            ex2 = _clipX[3] - x0;
            ey2 = _clipY[3] - y0;
            ez2 = _clipZ[3] - z0;
            det = (ex1 * ey2) - (ey1 * ex2);
        }

        if (Math.Abs(det) < 1e-12)
        {
            return;
        }

        double ga = ((ez1 * ey2) - (ez2 * ey1)) / det; // ∂(1/z)/∂x
        double gb = ((ex1 * ez2) - (ex2 * ez1)) / det; // ∂(1/z)/∂y

        // Each non-horizontal edge bounds every row's span from the left or the right at x = x_k + (y − y_k)·dx/dy.
        Span<double> edgeX = stackalloc double[8];
        Span<double> edgeY = stackalloc double[8];
        Span<double> slope = stackalloc double[8];
        Span<bool> leftEdge = stackalloc bool[8];
        int edges = 0;
        double minY = double.MaxValue, maxY = double.MinValue;
        for (int k = 0; k < n; k++)
        {
            int j = k + 1 == n ? 0 : k + 1;
            minY = Math.Min(minY, _clipY[k]);
            maxY = Math.Max(maxY, _clipY[k]);
            double dy = _clipY[j] - _clipY[k];
            if (Math.Abs(dy) < 1e-12)
            {
                continue; // horizontal: the row range already bounds it
            }

            edgeX[edges] = _clipX[k];
            edgeY[edges] = _clipY[k];
            slope[edges] = (_clipX[j] - _clipX[k]) / dy;
            leftEdge[edges] = -dy * sign > 0;
            edges++;
        }

        int rowStart = Math.Max(0, (int)Math.Ceiling(minY - 0.5)), rowEnd = Math.Min(_h - 1, (int)Math.Floor(maxY - 0.5));
        for (int py = rowStart; py <= rowEnd; py++)
        {
            double yc = py + 0.5;
            double left = double.NegativeInfinity, right = double.PositiveInfinity;
            for (int e = 0; e < edges; e++)
            {
                double x = edgeX[e] + ((yc - edgeY[e]) * slope[e]);
                if (leftEdge[e])
                {
                    left = Math.Max(left, x);
                }
                else
                {
                    right = Math.Min(right, x);
                }
            }

            int pxStart = Math.Max(0, (int)Math.Ceiling(left - 0.5)), pxEnd = Math.Min(_w - 1, (int)Math.Floor(right - 0.5));
            if (pxStart > pxEnd)
            {
                continue;
            }

            _tiles.MarkSpan(py, pxStart, pxEnd);
            float iz = (float)(z0 + (ga * (pxStart + 0.5 - x0)) + (gb * (yc - y0)));
            float step = (float)ga;
            int i = (py * _w) + pxStart;
            for (int px = pxStart; px <= pxEnd; px++, i++, iz += step)
            {
                // Nearer means larger 1/z: the test needs no division; only written pixels pay one.
                if (iz <= _inverseDepth[i])
                {
                    continue;
                }

                _inverseDepth[i] = iz;
                _depth[i] = 1 / iz;
                _label[i] = label;
                if (_color)
                {
                    _r[i] = r;
                    _g[i] = g;
                    _b[i] = bl;
                }
            }
        }
    }
}
