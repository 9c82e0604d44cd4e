using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// Draws boxes into a camera's buffers: the faces that face the camera are clipped at the near plane, projected, and
/// filled as triangles with edge functions, perspective-correct depth (1/z interpolated in screen space) and a depth
/// test. Each face is flat-shaded by the sun; traffic-light lamps glow in their light's colour.
/// </summary>
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
    private readonly double[] _cx = new double[8];
    private readonly double[] _cy = new double[8];
    private readonly double[] _cz = new double[8];
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

    public BoxRasterizer(int width, int height, double focal, float[] depth, byte[] label, float[] r, float[] g, float[] b, DepthTiles tiles)
    {
        _tiles = tiles;
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
        double c = Math.Cos(box.Yaw), s = Math.Sin(box.Yaw);
        double lx = box.HalfLength, ly = box.HalfWidth;
        for (int k = 0; k < 8; k++)
        {
            double u = (k & 3) is 1 or 2 ? lx : -lx;
            double v = (k & 3) >= 2 ? ly : -ly;
            double z = k < 4 ? box.Bottom : box.Bottom + box.Height;
            (_cx[k], _cy[k], _cz[k]) = _pose.ToCamera(box.X + (u * c) - (v * s), box.Y + (u * s) + (v * c), z);
        }

        // The camera in the box's frame decides which faces it can see.
        double rx = _pose.X - box.X, ry = _pose.Y - box.Y;
        double localX = (rx * c) + (ry * s), localY = (-rx * s) + (ry * c);
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
        float r = 0, g = 0, bl = 0;
        if (_color)
        {
            if (glowing)
            {
                (r, g, bl) = _lights!.StateOf(box.LightId) switch
                {
                    TrafficLightState.Green => (0.1f, 1.6f, 0.3f),
                    TrafficLightState.Yellow => (1.6f, 1.2f, 0.1f),
                    _ => (1.7f, 0.1f, 0.05f),
                };
            }
            else
            {
                (float lr, float lg, float lb) = _light!.FaceLight(nx, ny, nz);
                (r, g, bl) = (box.R * lr, box.G * lg, box.B * lb);
            }
        }

        int n = 4;
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

        double minY = double.MaxValue, maxY = double.MinValue;
        for (int k = 0; k < n; k++)
        {
            minY = Math.Min(minY, _clipY[k]);
            maxY = Math.Max(maxY, _clipY[k]);
        }

        int rowStart = Math.Max(0, (int)Math.Ceiling(minY - 0.5)), rowEnd = Math.Min(_h - 1, (int)Math.Floor(maxY - 0.5));
        for (int py = rowStart; py <= rowEnd; py++)
        {
            double yc = py + 0.5;
            double left = double.NegativeInfinity, right = double.PositiveInfinity;
            bool empty = false;
            for (int k = 0; k < n && !empty; k++)
            {
                int j = k + 1 == n ? 0 : k + 1;

                // Inside: sign·E_k ≥ 0 with E_k(x) = a·x + b along this row.
                double a = -(_clipY[j] - _clipY[k]) * sign;
                double b = (((_clipX[j] - _clipX[k]) * (yc - _clipY[k])) + ((_clipY[j] - _clipY[k]) * _clipX[k])) * sign;
                if (a > 1e-12)
                {
                    left = Math.Max(left, -b / a);
                }
                else if (a < -1e-12)
                {
                    right = Math.Min(right, -b / a);
                }
                else if (b < 0)
                {
                    empty = true;
                }
            }

            if (empty || !(left <= right))
            {
                continue;
            }

            int pxStart = Math.Max(0, (int)Math.Ceiling(left - 0.5)), pxEnd = Math.Min(_w - 1, (int)Math.Floor(right - 0.5));
            if (pxStart > pxEnd)
            {
                continue;
            }

            _tiles.MarkSpan(py, pxStart, pxEnd);
            double iz = z0 + (ga * (pxStart + 0.5 - x0)) + (gb * (yc - y0));
            int i = (py * _w) + pxStart;
            for (int px = pxStart; px <= pxEnd; px++, i++, iz += ga)
            {
                float depth = (float)(1 / iz);
                if (depth >= _depth[i] || !(depth > 0))
                {
                    continue;
                }

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
    }
}
