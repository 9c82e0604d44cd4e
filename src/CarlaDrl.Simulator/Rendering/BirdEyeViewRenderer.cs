using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// Renders an ego-centred, heading-up semantic map: the ground raster (road, paint, sidewalk), the route, traffic-light
/// bars at stop lines, vehicles, pedestrians and the ego as filled oriented boxes. Colours in <see cref="Colors"/>.
/// Allocation-free per frame.
/// </summary>
public sealed class BirdEyeViewRenderer
{
    private readonly TownLayout _layout;
    private readonly BirdEyeViewDefinition _definition;
    private readonly int _w;
    private readonly int _h;
    private readonly double _mpp;
    private readonly double _egoRow;
    private readonly bool[] _road;

    public BirdEyeViewRenderer(TownLayout layout, BirdEyeViewDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(definition);
        _layout = layout;
        _definition = definition;
        _w = definition.ImageSizeX;
        _h = definition.ImageSizeY;
        _mpp = definition.MetersPerPixel;
        _egoRow = _h * (1 - definition.EgoFromBottom);
        _road = new bool[_w * _h];
    }

    /// <summary>The map's colours (R, G, B).</summary>
    public static class Colors
    {
        public static readonly (byte R, byte G, byte B) OffRoad = (0, 0, 0);
        public static readonly (byte R, byte G, byte B) Road = (85, 85, 85);
        public static readonly (byte R, byte G, byte B) LaneLine = (220, 220, 220);
        public static readonly (byte R, byte G, byte B) Sidewalk = (50, 60, 40);
        public static readonly (byte R, byte G, byte B) Route = (40, 90, 200);
        public static readonly (byte R, byte G, byte B) Vehicle = (40, 160, 255);
        public static readonly (byte R, byte G, byte B) Pedestrian = (230, 60, 230);
        public static readonly (byte R, byte G, byte B) Ego = (255, 255, 255);
        public static readonly (byte R, byte G, byte B) Red = (240, 40, 40);
        public static readonly (byte R, byte G, byte B) Yellow = (240, 220, 40);
        public static readonly (byte R, byte G, byte B) Green = (40, 220, 80);
    }

    internal void Render(double egoX, double egoY, double egoYaw, double egoHalfLength, double egoHalfWidth, TrafficManager traffic, PedestrianManager pedestrians, TrafficLightSystem lights, Route? route, double routeDistance, Span<byte> bgra, Span<byte> rgb)
    {
        double fx = Math.Cos(egoYaw), fy = Math.Sin(egoYaw);
        SurfaceMap surface = _layout.Surface;
        for (int py = 0; py < _h; py++)
        {
            double forward = (_egoRow - (py + 0.5)) * _mpp;
            for (int px = 0; px < _w; px++)
            {
                double right = (px + 0.5 - (_w / 2.0)) * _mpp;
                double x = egoX + (fx * forward) - (fy * right), y = egoY + (fy * forward) + (fx * right);
                SurfaceKind kind = surface.KindAt(x, y, out RoadMarking marking);
                (byte R, byte G, byte B) color = kind switch
                {
                    SurfaceKind.Road or SurfaceKind.Junction => marking is RoadMarking.None ? Colors.Road : Colors.LaneLine,
                    SurfaceKind.Sidewalk => Colors.Sidewalk,
                    _ => Colors.OffRoad,
                };
                _road[(py * _w) + px] = kind is SurfaceKind.Road or SurfaceKind.Junction;
                Put(px, py, color, bgra, rgb);
            }
        }

        double reach = Math.Sqrt((_w * _w) + (_h * _h)) * _mpp;
        if (route is not null)
        {
            for (double d = Math.Max(0, routeDistance - reach); d <= Math.Min(route.Length, routeDistance + reach); d += 0.5)
            {
                Vec2 p = route.PoseAt(d).Position;
                if (Vec2.Distance(p, new Vec2(egoX, egoY)) < reach)
                {
                    Disk(p, 1.2, Colors.Route, egoX, egoY, fx, fy, bgra, rgb, onRoadOnly: true);
                }
            }
        }

        IReadOnlyList<TrafficLightPlacement> placements = lights.Lights;
        for (int l = 0; l < placements.Count; l++)
        {
            TrafficLightPlacement light = placements[l];
            Vec2 end = light.Approach.End;
            if (Vec2.Distance(end, new Vec2(egoX, egoY)) < reach)
            {
                double heading = light.Approach.SampleHeading(light.Approach.SampleCount - 1);
                (byte, byte, byte) color = lights.StateOf(light.Id) switch
                {
                    TrafficLightState.Green => Colors.Green,
                    TrafficLightState.Yellow => Colors.Yellow,
                    _ => Colors.Red,
                };
                Box(end.X, end.Y, heading, 0.4, 2.0, color, egoX, egoY, fx, fy, bgra, rgb);
            }
        }

        foreach (TrafficVehicle v in traffic.VehicleList)
        {
            Box(v.X, v.Y, v.Yaw, v.HalfLength, v.HalfWidth, Colors.Vehicle, egoX, egoY, fx, fy, bgra, rgb);
        }

        foreach (Pedestrian p in pedestrians.PedestrianList)
        {
            Box(p.X, p.Y, p.Yaw, 0.5, 0.5, Colors.Pedestrian, egoX, egoY, fx, fy, bgra, rgb);
        }

        Box(egoX, egoY, egoYaw, egoHalfLength, egoHalfWidth, Colors.Ego, egoX, egoY, fx, fy, bgra, rgb);
    }

    private (double Px, double Py) ToImage(double x, double y, double egoX, double egoY, double fx, double fy)
    {
        double dx = x - egoX, dy = y - egoY;
        double forward = (dx * fx) + (dy * fy), right = (-dx * fy) + (dy * fx);
        return ((right / _mpp) + (_w / 2.0), _egoRow - (forward / _mpp));
    }

    private void Box(double x, double y, double yaw, double halfLength, double halfWidth, (byte, byte, byte) color, double egoX, double egoY, double fx, double fy, Span<byte> bgra, Span<byte> rgb)
    {
        (double cx, double cy) = ToImage(x, y, egoX, egoY, fx, fy);
        double r = Math.Sqrt((halfLength * halfLength) + (halfWidth * halfWidth)) / _mpp + 1;
        if (cx + r < 0 || cy + r < 0 || cx - r > _w || cy - r > _h)
        {
            return;
        }

        // The box's axes in image space: yaw relative to the ego, image up = ego forward.
        double rel = yaw - Math.Atan2(fy, fx);
        double ax = Math.Sin(rel), ay = -Math.Cos(rel); // box forward in image coordinates
        for (int py = Math.Max(0, (int)(cy - r)); py <= Math.Min(_h - 1, (int)(cy + r)); py++)
        {
            for (int px = Math.Max(0, (int)(cx - r)); px <= Math.Min(_w - 1, (int)(cx + r)); px++)
            {
                double dx = (px + 0.5 - cx) * _mpp, dy = (py + 0.5 - cy) * _mpp;
                double along = (dx * ax) + (dy * ay), across = (-dx * ay) + (dy * ax);
                if (Math.Abs(along) <= halfLength && Math.Abs(across) <= halfWidth)
                {
                    Put(px, py, color, bgra, rgb);
                }
            }
        }
    }

    private void Disk(Vec2 centre, double radius, (byte, byte, byte) color, double egoX, double egoY, double fx, double fy, Span<byte> bgra, Span<byte> rgb, bool onRoadOnly)
    {
        (double cx, double cy) = ToImage(centre.X, centre.Y, egoX, egoY, fx, fy);
        double r = radius / _mpp;
        for (int py = Math.Max(0, (int)(cy - r)); py <= Math.Min(_h - 1, (int)(cy + r)); py++)
        {
            for (int px = Math.Max(0, (int)(cx - r)); px <= Math.Min(_w - 1, (int)(cx + r)); px++)
            {
                double dx = px + 0.5 - cx, dy = py + 0.5 - cy;
                if ((dx * dx) + (dy * dy) <= r * r && (!onRoadOnly || _road[(py * _w) + px]))
                {
                    Put(px, py, color, bgra, rgb);
                }
            }
        }
    }

    private void Put(int px, int py, (byte R, byte G, byte B) color, Span<byte> bgra, Span<byte> rgb)
    {
        int i = (py * _w) + px;
        bgra[4 * i] = color.B;
        bgra[(4 * i) + 1] = color.G;
        bgra[(4 * i) + 2] = color.R;
        bgra[(4 * i) + 3] = 255;
        if (rgb.Length > 0)
        {
            rgb[3 * i] = color.R;
            rgb[(3 * i) + 1] = color.G;
            rgb[(3 * i) + 2] = color.B;
        }
    }
}
