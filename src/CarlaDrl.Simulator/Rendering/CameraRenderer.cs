using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// A software camera: a perspective pinhole at a <see cref="CameraPose"/> that sees the ground (ray–plane
/// intersection per pixel, coloured from the town raster and its paint), the sky, and every scenery, vehicle and
/// pedestrian box (z-buffered triangles, near-plane clipped). Produces CARLA's three post-processing outputs from the
/// same pass: shaded colour with weather (sun, clouds, wet roads, fog, rain), planar depth, and semantic labels.
/// Allocation-free per frame; one renderer per camera, not thread-safe.
/// </summary>
public sealed class CameraRenderer
{
    /// <summary>Closest depth drawn, m.</summary>
    public const double NearPlaneMeters = 0.05;

    /// <summary>CARLA's depth range: depth images encode depth / 1000 m.</summary>
    public const double FarPlaneMeters = 1000;

    /// <summary>Boxes farther than this are not drawn, m.</summary>
    public const double MaxObjectDistanceMeters = 300;

    private readonly TownLayout _layout;
    private readonly StaticScene _static;
    private readonly int _w;
    private readonly int _h;
    private readonly double _f;
    private readonly double _cx;
    private readonly double _cy;
    private readonly double _tanX;
    private readonly double _tanY;
    private readonly double _secX;
    private readonly double _secY;
    private readonly float[] _depth;
    private readonly float[] _inverseDepth;
    private readonly byte[] _label;
    private readonly float[] _r;
    private readonly float[] _g;
    private readonly float[] _b;
    private readonly BoxRasterizer _rasterizer;
    private readonly DepthTiles _tiles;

    public CameraRenderer(TownLayout layout, int width, int height, double fovDegrees, PostProcessing type)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (!(fovDegrees > 0 && fovDegrees < 180))
        {
            throw new ArgumentOutOfRangeException(nameof(fovDegrees), fovDegrees, "The field of view must be in (0, 180) degrees.");
        }

        _layout = layout;
        _static = StaticScene.For(layout);
        _w = width;
        _h = height;
        Type = type;
        _tanX = Math.Tan(fovDegrees * Math.PI / 360);
        _f = width / 2.0 / _tanX;
        _tanY = height / 2.0 / _f;
        _secX = Math.Sqrt(1 + (_tanX * _tanX));
        _secY = Math.Sqrt(1 + (_tanY * _tanY));
        _cx = width / 2.0;
        _cy = height / 2.0;
        _depth = new float[width * height];
        _inverseDepth = new float[width * height];
        _label = new byte[width * height];
        bool color = type is PostProcessing.SceneFinal or PostProcessing.None;
        _r = color ? new float[width * height] : [];
        _g = color ? new float[width * height] : [];
        _b = color ? new float[width * height] : [];
        _tiles = new DepthTiles(width, height, _depth);
        _rasterizer = new BoxRasterizer(width, height, _f, _depth, _inverseDepth, _label, _r, _g, _b, _tiles);
    }

    public int Width => _w;

    public int Height => _h;

    public PostProcessing Type { get; }

    /// <summary>Planar depth of each pixel after the last render, m (row-major, top row first).</summary>
    public ReadOnlySpan<float> Depth => _depth;

    /// <summary>Semantic label of each pixel after the last render.</summary>
    public ReadOnlySpan<byte> Labels => _label;

    /// <summary>Renders the scene and writes CARLA's BGRA layout (and RGB H×W×3 when given) for this camera's type.</summary>
    internal void Render(in CameraPose pose, DynamicScene dynamic, TrafficLightSystem lights, SceneLighting lighting, ulong frame, Span<byte> bgra, Span<byte> rgb)
    {
        bool color = _r.Length > 0;
        DrawGroundAndSky(pose, lighting, color);
        _tiles.MarkAllDirty();
        _rasterizer.Begin(pose, lighting, lights, color);
        DrawStatic(pose);
        foreach (ref readonly RenderBox box in dynamic.Boxes)
        {
            DrawIfVisible(pose, box);
        }

        ImageEncoder.Encode(Type, _w, _h, _depth, _label, _r, _g, _b, lighting, frame, bgra, rgb);
    }

    private void DrawStatic(in CameraPose pose)
    {
        // Cells under the view wedge: the camera and the two far corners of the horizontal field of view.
        double range = MaxObjectDistanceMeters;
        double hx = pose.Fx, hy = pose.Fy;
        double norm = Math.Sqrt((hx * hx) + (hy * hy));
        double minX = pose.X, maxX = pose.X, minY = pose.Y, maxY = pose.Y;
        if (norm < 1e-6 || _tanX > 3)
        {
            (minX, maxX, minY, maxY) = (pose.X - range, pose.X + range, pose.Y - range, pose.Y + range);
        }
        else
        {
            hx /= norm;
            hy /= norm;
            for (int side = -1; side <= 1; side += 2)
            {
                double ex = (hx - (side * hy * _tanX)) * range, ey = (hy + (side * hx * _tanX)) * range;
                minX = Math.Min(minX, pose.X + ex);
                maxX = Math.Max(maxX, pose.X + ex);
                minY = Math.Min(minY, pose.Y + ey);
                maxY = Math.Max(maxY, pose.Y + ey);
            }
        }

        double pad = _static.MaxRadius;
        (int x0, int y0) = _static.Cell(minX - pad, minY - pad);
        (int x1, int y1) = _static.Cell(maxX + pad, maxY + pad);
        (int camX, int camY) = _static.Cell(pose.X, pose.Y);
        ReadOnlySpan<RenderBox> boxes = _static.Boxes;
        ReadOnlySpan<SceneObject> objects = _static.Objects;

        // Rings of cells around the camera, nearest first, so that near boxes fill the depth buffer before the
        // occlusion test looks at the boxes behind them.
        int rings = Math.Max(Math.Max(camX - x0, x1 - camX), Math.Max(camY - y0, y1 - camY));
        for (int ring = 0; ring <= rings; ring++)
        {
            for (int cy = Math.Max(y0, camY - ring); cy <= Math.Min(y1, camY + ring); cy++)
            {
                bool edgeRow = cy == camY - ring || cy == camY + ring;
                int step = edgeRow ? 1 : 2 * ring;
                for (int cx = camX - ring; cx <= camX + ring; cx += Math.Max(1, step))
                {
                    if (cx < x0 || cx > x1 || !CellInView(pose, cx, cy))
                    {
                        continue;
                    }

                    foreach (int i in _static.CellObjects(cx, cy))
                    {
                        ref readonly SceneObject o = ref objects[i];
                        if (Visible(pose, o.X, o.Y, o.Z, o.Radius, o.HalfExtent))
                        {
                            for (int b = o.FirstBox; b < o.FirstBox + o.BoxCount; b++)
                            {
                                DrawIfVisible(pose, boxes[b]);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Whether a grid cell (with the boxes reaching out of it) can be in the horizontal field of view and range.</summary>
    private bool CellInView(in CameraPose pose, int cx, int cy)
    {
        double half = StaticScene.CellMeters / 2;
        double centreX = _static.Min.X + ((cx + 0.5) * StaticScene.CellMeters), centreY = _static.Min.Y + ((cy + 0.5) * StaticScene.CellMeters);
        double reach = (half * Math.Sqrt(2)) + _static.MaxRadius;
        double dx = centreX - pose.X, dy = centreY - pose.Y;

        // Horizontal camera frame: forward and right projected on the ground.
        double fx = pose.Fx, fy = pose.Fy, norm = Math.Sqrt((fx * fx) + (fy * fy));
        if (norm < 1e-6)
        {
            return true; // looking straight up or down
        }

        double z = ((dx * fx) + (dy * fy)) / norm, x = ((-dx * fy) + (dy * fx)) / norm;
        if (z + reach < 0 || z - reach > MaxObjectDistanceMeters)
        {
            return false;
        }

        return Math.Abs(x) - (Math.Max(z, 0) * _tanX) <= reach * _secX;
    }

    private void DrawIfVisible(in CameraPose pose, in RenderBox box)
    {
        if (Visible(pose, box.X, box.Y, box.Bottom + (0.5 * box.Height), box.Radius, Math.Max(box.HalfLength, box.HalfWidth)))
        {
            _rasterizer.DrawBox(box);
        }
    }

    /// <summary>
    /// Whether a bounding sphere (centre m, radius m) of something at most <paramref name="halfExtent"/> m wide can show:
    /// in range and in the view frustum, at least half a pixel wide, and not behind what is already drawn.
    /// </summary>
    private bool Visible(in CameraPose pose, double wx, double wy, double wz, double radius, double halfExtent)
    {
        (double x, double y, double z) = pose.ToCamera(wx, wy, wz);
        if (z + radius < NearPlaneMeters || z - radius > MaxObjectDistanceMeters)
        {
            return false;
        }

        double slackX = radius * _secX, slackY = radius * _secY;
        if (x - (z * _tanX) > slackX || -x - (z * _tanX) > slackX || y - (z * _tanY) > slackY || -y - (z * _tanY) > slackY)
        {
            return false;
        }

        if (z > radius)
        {
            // Level of detail: something narrower than half a pixel falls between pixel centres anyway.
            if (halfExtent / z * _f < 0.5)
            {
                return false;
            }

            if (Occluded(x / z * _f, y / z * _f, radius / z * _f, z - radius))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether everything in the screen square around a projected sphere (centre offset from the image centre,
    /// radius in pixels) is already nearer than the sphere's nearest depth.
    /// </summary>
    private bool Occluded(double sx, double sy, double radiusPixels, double nearest)
    {
        int minX = Math.Max(0, (int)(_cx + sx - radiusPixels)), maxX = Math.Min(_w - 1, (int)(_cx + sx + radiusPixels));
        int minY = Math.Max(0, (int)(_cy - sy - radiusPixels)), maxY = Math.Min(_h - 1, (int)(_cy - sy + radiusPixels));
        return minX > maxX || minY > maxY || _tiles.AllNearer(minX, minY, maxX, maxY, (float)nearest);
    }

    private void DrawGroundAndSky(in CameraPose pose, SceneLighting light, bool color)
    {
        SurfaceMap surface = _layout.Surface;
        ReadOnlySpan<byte> codes = surface.Ground(0).Codes;
        double ox = surface.Origin.X, oy = surface.Origin.Y, inv = 1 / SurfaceMap.CellSizeMeters;
        int sw = surface.Width, sh = surface.Height;
        (float R, float G, float B) groundLight = light.GroundLight;

        // Per (kind, marking) code: label, lit albedo, and whether it is wet pavement.
        Span<byte> labels = stackalloc byte[256];
        Span<float> lr = stackalloc float[256];
        Span<float> lg = stackalloc float[256];
        Span<float> lb = stackalloc float[256];
        Span<bool> paved = stackalloc bool[256];
        for (int code = 0; code < 256; code++)
        {
            (SemanticLabel label, (float R, float G, float B) albedo, bool isPaved) = Ground((SurfaceKind)(code >> 3), (RoadMarking)(code & 7));
            labels[code] = (byte)label;
            float dark = isPaved ? 1 - (0.35f * light.Wetness) : 1;
            lr[code] = albedo.R * groundLight.R * dark;
            lg[code] = albedo.G * groundLight.G * dark;
            lb[code] = albedo.B * groundLight.B * dark;
            paved[code] = isPaved;
        }

        int grassCode = (int)SurfaceKind.Grass * 8;
        float wet = light.Wetness;
        double camZ = pose.Z;
        for (int py = 0; py < _h; py++)
        {
            double b = (_cy - (py + 0.5)) / _f;
            double bx = pose.Fx + (b * pose.Ux), by = pose.Fy + (b * pose.Uy), bz = pose.Fz + (b * pose.Uz);
            int row = py * _w;

            // The sky's colour by elevation, once per row (exact for level cameras, close for rolled ones).
            float skyR = 0, skyG = 0, skyB = 0;
            if (color)
            {
                double elevation = bz / Math.Sqrt((bx * bx) + (by * by) + (bz * bz));
                float k = (float)Math.Clamp(elevation * 1.6, 0, 1);
                skyR = light.Horizon.R + ((light.Zenith.R - light.Horizon.R) * k);
                skyG = light.Horizon.G + ((light.Zenith.G - light.Horizon.G) * k);
                skyB = light.Horizon.B + ((light.Zenith.B - light.Horizon.B) * k);
            }

            // Whole rows above the horizon are sky (dz is linear in the column, so checking both ends suffices).
            double dzFirst = bz + ((0.5 - _cx) / _f * pose.Rz), dzLast = bz + ((_w - 0.5 - _cx) / _f * pose.Rz);
            if ((dzFirst >= -1e-9 && dzLast >= -1e-9) || camZ <= 0)
            {
                _depth.AsSpan(row, _w).Fill((float)FarPlaneMeters);
                _inverseDepth.AsSpan(row, _w).Fill((float)(1 / FarPlaneMeters));
                _label.AsSpan(row, _w).Clear();
                if (color)
                {
                    _r.AsSpan(row, _w).Fill(skyR);
                    _g.AsSpan(row, _w).Fill(skyG);
                    _b.AsSpan(row, _w).Fill(skyB);
                }

                continue;
            }

            if (Math.Abs(pose.Rz) < 1e-12 && bz < -1e-9 && -camZ / bz < FarPlaneMeters)
            {
                // No roll: the whole row lies at one depth and its ground points are evenly spaced along a line.
                double depth = -camZ / bz;
                int level = Math.Clamp((int)Math.Log2(depth / _f / SurfaceMap.CellSizeMeters), 0, SurfaceMap.GroundLevelCount - 1);
                SurfaceMap.GroundLevel ground = surface.Ground(level);
                GroundRow(row, depth, pose, bx, by, bz, ground.Codes, ground.Width, ground.Height, ox, oy, 1 / ground.CellSize, grassCode, labels, lr, lg, lb, paved, light, color);
                continue;
            }

            for (int px = 0; px < _w; px++)
            {
                double a = (px + 0.5 - _cx) / _f;
                double dz = bz + (a * pose.Rz);
                int i = row + px;
                double t = dz < -1e-9 ? -camZ / dz : double.PositiveInfinity; // d·forward = 1: t is planar depth
                if (!(t < FarPlaneMeters))
                {
                    _depth[i] = (float)FarPlaneMeters;
                    _inverseDepth[i] = (float)(1 / FarPlaneMeters);
                    _label[i] = (byte)SemanticLabel.None;
                    if (color)
                    {
                        _r[i] = skyR;
                        _g[i] = skyG;
                        _b[i] = skyB;
                    }

                    continue;
                }

                double dx = bx + (a * pose.Rx), dy = by + (a * pose.Ry);
                double fx = ((pose.X + (t * dx)) - ox) * inv, fy = ((pose.Y + (t * dy)) - oy) * inv;
                int cx = (int)fx, cy = (int)fy;
                int c = fx >= 0 && fy >= 0 && cx < sw && cy < sh ? codes[(cy * sw) + cx] : grassCode;
                _depth[i] = (float)t;
                _inverseDepth[i] = (float)(1 / t);
                _label[i] = labels[c];
                if (!color)
                {
                    continue;
                }

                // ±3 % grain from a hash of 5 cm cells, so surfaces do not look flat.
                uint grain = (uint)((int)(fx * 4) * 73856093) ^ (uint)((int)(fy * 4) * 19349663);
                float noise = 0.97f + (0.06f / 255 * ((grain * 2654435761u) >> 24));
                float r = lr[c] * noise, g = lg[c] * noise, bl = lb[c] * noise;
                if (wet > 0 && paved[c])
                {
                    // Wet pavement mirrors the sky at grazing angles.
                    double grazing = 1 + (dz / Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)));
                    float mirror = (float)(wet * 0.5 * grazing * grazing);
                    r += (light.Horizon.R - r) * mirror;
                    g += (light.Horizon.G - g) * mirror;
                    bl += (light.Horizon.B - bl) * mirror;
                }

                _r[i] = r;
                _g[i] = g;
                _b[i] = bl;
            }
        }
    }

    private void GroundRow(
        int row,
        double t,
        in CameraPose pose,
        double bx,
        double by,
        double bz,
        ReadOnlySpan<byte> codes,
        int sw,
        int sh,
        double ox,
        double oy,
        double inv,
        int grassCode,
        ReadOnlySpan<byte> labels,
        ReadOnlySpan<float> lr,
        ReadOnlySpan<float> lg,
        ReadOnlySpan<float> lb,
        ReadOnlySpan<bool> paved,
        SceneLighting light,
        bool color)
    {
        // Cell coordinates of the row's first pixel centre and their step per pixel.
        double a0 = (0.5 - _cx) / _f;
        double fx = ((pose.X + (t * (bx + (a0 * pose.Rx)))) - ox) * inv, fy = ((pose.Y + (t * (by + (a0 * pose.Ry)))) - oy) * inv;
        double stepX = t * pose.Rx / _f * inv, stepY = t * pose.Ry / _f * inv;
        float depth = (float)t;
        Span<float> depths = _depth.AsSpan(row, _w);
        Span<byte> rowLabels = _label.AsSpan(row, _w);
        depths.Fill(depth);
        _inverseDepth.AsSpan(row, _w).Fill((float)(1 / t));
        float wet = light.Wetness;
        float mirror = 0;
        if (wet > 0)
        {
            // Constant along the row for a level camera: the ray's elevation barely changes across it.
            double grazing = 1 + (bz / Math.Sqrt((bx * bx) + (by * by) + (bz * bz)));
            mirror = (float)(wet * 0.5 * grazing * grazing);
        }

        for (int px = 0; px < _w; px++, fx += stepX, fy += stepY)
        {
            int cx = (int)fx, cy = (int)fy;
            int c = fx >= 0 && fy >= 0 && cx < sw && cy < sh ? codes[(cy * sw) + cx] : grassCode;
            rowLabels[px] = labels[c];
            if (!color)
            {
                continue;
            }

            uint grain = (uint)(cx * 73856093) ^ (uint)(cy * 19349663); // ±3 % per cell
            float noise = 0.97f + (0.06f / 255 * ((grain * 2654435761u) >> 24));
            float r = lr[c] * noise, g = lg[c] * noise, b = lb[c] * noise;
            if (mirror > 0 && paved[c])
            {
                r += (light.Horizon.R - r) * mirror;
                g += (light.Horizon.G - g) * mirror;
                b += (light.Horizon.B - b) * mirror;
            }

            int i = row + px;
            _r[i] = r;
            _g[i] = g;
            _b[i] = b;
        }
    }

    private static (SemanticLabel Label, (float R, float G, float B) Albedo, bool Paved) Ground(SurfaceKind kind, RoadMarking marking) => kind switch
    {
        SurfaceKind.Road or SurfaceKind.Junction => marking is RoadMarking.White or RoadMarking.StopLine or RoadMarking.Crosswalk
            ? (SemanticLabel.RoadLines, Palette.Paint, true)
            : (SemanticLabel.Roads, Palette.Road, true),
        SurfaceKind.Sidewalk => (SemanticLabel.Sidewalks, marking == RoadMarking.Kerb ? Palette.Kerb : Palette.Sidewalk, true),
        SurfaceKind.Grass or SurfaceKind.Vegetation => (SemanticLabel.Vegetation, Palette.Grass, false),
        SurfaceKind.Building => (SemanticLabel.Buildings, Palette.Wall, false),
        SurfaceKind.Wall => (SemanticLabel.Walls, Palette.Wall, false),
        SurfaceKind.Fence => (SemanticLabel.Fences, Palette.Fence, false),
        _ => (SemanticLabel.Poles, Palette.Metal, false),
    };
}
