using System.Globalization;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using OpenCvSharp;

namespace CarlaDrl.Cli.Viewer;

/// <summary>
/// Draws one view frame (BGR, <see cref="FrameSize"/>): the agent's camera scaled up (left), a bird's-eye map of the
/// town with the route, the car and the traffic (middle), and a panel with episode, step, reward and its terms, speed,
/// action, command, status and the world's connection state (right). The viewer window and the videos show the same
/// frames. Not thread-safe: one composer per thread.
/// </summary>
internal sealed class ViewComposer : IDisposable
{
    public const int Height = 384;
    public const int CameraSide = 384;
    public const int MapSide = 384;
    public const int PanelWidth = 352;
    private const int MapMargin = 10;
    private const double LineHeight = 16.5;

    // Colours (B, G, R), as the embedded bird's-eye sensor (docs/sensors.md).
    private static readonly Scalar Background = new(32, 30, 28);
    private static readonly Scalar Road = new(85, 85, 85);
    private static readonly Scalar RouteAhead = new(200, 90, 40);
    private static readonly Scalar RouteDone = new(80, 150, 60);
    private static readonly Scalar VehicleColour = new(255, 160, 40);
    private static readonly Scalar PedestrianColour = new(230, 60, 230);
    private static readonly Scalar Ego = new(255, 255, 255);
    private static readonly Scalar Text = new(225, 225, 225);
    private static readonly Scalar Dim = new(150, 150, 150);
    private static readonly Scalar Good = new(90, 210, 90);
    private static readonly Scalar Bad = new(70, 70, 235);
    private static readonly Scalar Warn = new(40, 200, 240);

    private readonly Mat _cameraRgb = new();
    private readonly Mat _cameraBgr = new();
    private TownMap? _town;
    private Mat? _townRaster;
    private MapTransform _map;
    private Route? _route;
    private Point[] _routePixels = [];
    private double[] _routeDistances = [];

    public static Size FrameSize => new(CameraSide + MapSide + PanelWidth, Height);

    /// <summary>A new frame of <see cref="FrameSize"/>; the caller disposes it.</summary>
    public static Mat NewFrame() => new(FrameSize, MatType.CV_8UC3, Background);

    public void Compose(ViewSnapshot s, Mat target)
    {
        if (target.Size() != FrameSize || target.Type() != MatType.CV_8UC3)
        {
            throw new ArgumentException($"The target must be a {FrameSize.Width}×{FrameSize.Height} BGR frame.", nameof(target));
        }

        target.SetTo(Background);
        DrawCamera(s, target);
        DrawMap(s, target);
        DrawPanel(s, target);
    }

    public void Dispose()
    {
        _cameraRgb.Dispose();
        _cameraBgr.Dispose();
        _townRaster?.Dispose();
    }

    private void DrawCamera(ViewSnapshot s, Mat target)
    {
        if (s.CameraWidth <= 0 || s.CameraHeight <= 0)
        {
            Put(target, "no camera", new Point(CameraSide / 2 - 40, Height / 2), Dim, 0.5);
            return;
        }

        // Fit the camera into the square, keeping its aspect; nearest neighbour keeps the agent's pixels visible.
        double scale = Math.Min(CameraSide / (double)s.CameraWidth, Height / (double)s.CameraHeight);
        int w = Math.Max(1, (int)(s.CameraWidth * scale)), h = Math.Max(1, (int)(s.CameraHeight * scale));
        using (Mat rgb = Mat.FromPixelData(s.CameraHeight, s.CameraWidth, MatType.CV_8UC3, s.Camera))
        {
            Cv2.CvtColor(rgb, _cameraRgb, ColorConversionCodes.RGB2BGR);
        }

        Cv2.Resize(_cameraRgb, _cameraBgr, new Size(w, h), 0, 0, InterpolationFlags.Nearest);
        using Mat roi = new(target, new Rect((CameraSide - w) / 2, (Height - h) / 2, w, h));
        _cameraBgr.CopyTo(roi);
    }

    private void DrawMap(ViewSnapshot s, Mat target)
    {
        using Mat panel = new(target, new Rect(CameraSide, 0, MapSide, Height));
        if (s.Town is null)
        {
            Put(panel, "no town map", new Point(MapSide / 2 - 50, Height / 2), Dim, 0.5);
            return;
        }

        if (!ReferenceEquals(s.Town, _town))
        {
            _townRaster?.Dispose();
            (_townRaster, _map) = RasterizeTown(s.Town);
            _town = s.Town;
            _route = null;
        }

        _townRaster!.CopyTo(panel);
        if (s.Route is not null)
        {
            if (!ReferenceEquals(s.Route, _route))
            {
                SampleRoute(s.Route);
            }

            int done = Array.BinarySearch(_routeDistances, s.RouteProgress);
            done = done < 0 ? ~done : done;
            if (done > 0)
            {
                Cv2.Polylines(panel, [_routePixels[..Math.Min(done + 1, _routePixels.Length)]], false, RouteDone, 2, LineTypes.AntiAlias);
            }

            if (done < _routePixels.Length - 1)
            {
                Cv2.Polylines(panel, [_routePixels[Math.Max(0, done)..]], false, RouteAhead, 2, LineTypes.AntiAlias);
            }

            Cv2.Circle(panel, _routePixels[^1], 5, RouteAhead, 2, LineTypes.AntiAlias);
        }

        for (int i = 0; i < s.AgentCount; i++)
        {
            MapAgent a = s.Agents[i];
            Point p = _map.ToPixel(a.X, a.Y);
            switch (a.Kind)
            {
                case AgentKind.Vehicle:
                    DrawBox(panel, a.X, a.Y, a.YawDegrees, Math.Max(a.Length, 3.5), Math.Max(a.Width, 1.8), VehicleColour);
                    break;
                case AgentKind.Pedestrian:
                    Cv2.Circle(panel, p, 2, PedestrianColour, -1);
                    break;
                case AgentKind.TrafficLight:
                    Cv2.Circle(panel, p, 3, a.Light switch { TrafficLightState.Red => new Scalar(40, 40, 240), TrafficLightState.Yellow => new Scalar(40, 220, 240), _ => new Scalar(80, 220, 40) }, -1, LineTypes.AntiAlias);
                    break;
            }
        }

        // The car: an arrow along its heading, big enough to find at a glance.
        double yaw = s.YawDegrees * Angles.RadiansPerDegree;
        Point c = _map.ToPixel(s.X, s.Y);
        var tip = new Point(c.X + (int)Math.Round(9 * Math.Cos(yaw)), c.Y + (int)Math.Round(9 * Math.Sin(yaw)));
        var left = new Point(c.X + (int)Math.Round(5 * Math.Cos(yaw + 2.4)), c.Y + (int)Math.Round(5 * Math.Sin(yaw + 2.4)));
        var right = new Point(c.X + (int)Math.Round(5 * Math.Cos(yaw - 2.4)), c.Y + (int)Math.Round(5 * Math.Sin(yaw - 2.4)));
        Cv2.FillConvexPoly(panel, [tip, left, right], Ego, LineTypes.AntiAlias);
        Cv2.Circle(panel, c, 12, Ego, 1, LineTypes.AntiAlias);
        Put(panel, s.Town.Name, new Point(6, 16), Dim, 0.42);
    }

    private void DrawBox(Mat panel, double x, double y, double yawDegrees, double length, double width, Scalar colour)
    {
        double yaw = yawDegrees * Angles.RadiansPerDegree, c = Math.Cos(yaw), s = Math.Sin(yaw);
        Point[] corners = new Point[4];
        int k = 0;
        foreach ((double f, double r) in new[] { (0.5, 0.5), (0.5, -0.5), (-0.5, -0.5), (-0.5, 0.5) })
        {
            double px = x + (f * length * c) - (r * width * s), py = y + (f * length * s) + (r * width * c);
            corners[k++] = _map.ToPixel(px, py);
        }

        Cv2.FillConvexPoly(panel, corners, colour, LineTypes.AntiAlias);
    }

    private void SampleRoute(Route route)
    {
        int n = Math.Max(2, (int)Math.Ceiling(route.Length / 2.0) + 1);
        _routePixels = new Point[n];
        _routeDistances = new double[n];
        for (int i = 0; i < n; i++)
        {
            double d = Math.Min(route.Length, i * route.Length / (n - 1));
            Vec2 p = route.PoseAt(d).Position;
            _routePixels[i] = _map.ToPixel(p.X, p.Y);
            _routeDistances[i] = d;
        }

        _route = route;
    }

    private static (Mat Raster, MapTransform Map) RasterizeTown(TownMap town)
    {
        RoadNetwork network = town.Network;
        double width = Math.Max(1, network.Max.X - network.Min.X), height = Math.Max(1, network.Max.Y - network.Min.Y);
        double scale = Math.Min((MapSide - (2 * MapMargin)) / width, (Height - (2 * MapMargin)) / height);
        var map = new MapTransform(network.Min.X, network.Min.Y, scale,
            (MapSide - (width * scale)) / 2, (Height - (height * scale)) / 2);
        var raster = new Mat(new Size(MapSide, Height), MatType.CV_8UC3, new Scalar(20, 22, 20));
        int thickness = Math.Max(1, (int)Math.Round(network.Geometry.LaneWidthMeters * scale));
        foreach (Lane lane in network.Lanes)
        {
            int step = Math.Max(1, lane.SampleCount / 40);
            var points = new List<Point>(lane.SampleCount / step + 2);
            for (int i = 0; i < lane.SampleCount; i += step)
            {
                Vec2 p = lane.SamplePosition(i);
                points.Add(map.ToPixel(p.X, p.Y));
            }

            Vec2 end = lane.End;
            points.Add(map.ToPixel(end.X, end.Y));
            Cv2.Polylines(raster, [points], false, Road, thickness, LineTypes.AntiAlias);
        }

        return (raster, map);
    }

    private static void DrawPanel(ViewSnapshot s, Mat target)
    {
        using Mat panel = new(target, new Rect(CameraSide + MapSide, 0, PanelWidth, Height));
        double y = 16;
        void Line(string text, Scalar colour, double size = 0.42)
        {
            Put(panel, text, new Point(10, (int)y), colour, size);
            y += LineHeight;
        }

        Line($"CarlaDrl - {s.Source}", Text, 0.5);
        Line(s.WorldDown is null ? $"world {s.World}: connected" : $"world {s.World}: DOWN", s.WorldDown is null ? Good : Bad);
        if (s.WorldDown is not null)
        {
            Line(Clip(s.WorldDown, 52), Bad, 0.36);
        }

        if (s.Status is not null)
        {
            Line(s.Status, Text);
        }

        Line(F($"episode {s.Episode:N0}  step {s.Step:N0}  t {s.SimSeconds:0.0} s"), Text);
        if (s.HasTask)
        {
            Line(F($"reward {s.Reward:+0.000;-0.000;0.000}   return {s.Return:0.0}"), Text);
            for (int i = 0; i < s.TermNames.Count && i < s.StepTerms.Length; i++)
            {
                Line(F($"  {Clip(s.TermNames[i], 20),-20} {s.StepTerms[i],8:+0.000;-0.000;0.000} {s.EpisodeTerms[i],9:0.0}"), Dim, 0.38);
            }
        }

        Line(F($"speed {s.Speed * 3.6:0.0} km/h"), Text);
        y += 2;
        Bar(panel, "steer", s.Control.Steer, true, ref y);
        Bar(panel, "throttle", s.Control.Throttle, false, ref y);
        Bar(panel, "brake", s.Control.Brake, false, ref y);
        if (s.HasTask)
        {
            Line(F($"command {CommandName(s.Command)}   route {100 * s.RouteCompletion:0}%"), Text);
        }

        Line(F($"collisions {s.CollisionImpulse:0}  off-road {s.OffRoad:0.00}  other lane {s.OtherLane:0.00}"), s.CollisionImpulse > 0 || s.OffRoad > 0.3 ? Warn : Dim, 0.38);
        if (s.HasTask && s.Reason != TerminationReason.None)
        {
            Line($"episode ended: {s.Reason}", s.Reason == TerminationReason.RouteCompleted ? Good : Bad);
        }

        Put(panel, s.Paused ? "PAUSED - p resumes" : "q close viewer  p pause  s screenshot", new Point(10, Height - 8), s.Paused ? Warn : Dim, 0.38);
    }

    private static void Bar(Mat panel, string label, double value, bool signed, ref double y)
    {
        Put(panel, label, new Point(10, (int)y), Dim, 0.38);
        const int x0 = 80, width = 160;
        int top = (int)y - 9;
        Cv2.Rectangle(panel, new Rect(x0, top, width, 9), new Scalar(70, 70, 70), 1);
        int mid = signed ? x0 + (width / 2) : x0;
        int end = signed ? mid + (int)Math.Round(Math.Clamp(value, -1, 1) * width / 2) : x0 + (int)Math.Round(Math.Clamp(value, 0, 1) * width);
        if (end != mid)
        {
            Cv2.Rectangle(panel, new Point(Math.Min(mid, end), top + 1), new Point(Math.Max(mid, end), top + 8), label == "brake" ? Bad : Good, -1);
        }

        Put(panel, F($"{value:+0.00;-0.00;0.00}"), new Point(x0 + width + 8, (int)y), Dim, 0.38);
        y += LineHeight - 2;
    }

    private static string CommandName(RouteCommand? command) => command switch
    {
        RouteCommand.LaneFollow => "follow lane",
        RouteCommand.TurnLeft => "turn left",
        RouteCommand.TurnRight => "turn right",
        RouteCommand.GoStraight => "go straight",
        RouteCommand.ReachGoal => "reach goal",
        _ => "-",
    };

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "~";

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static void Put(Mat target, string text, Point at, Scalar colour, double size) =>
        Cv2.PutText(target, text, at, HersheyFonts.HersheySimplex, size, colour, 1, LineTypes.AntiAlias);

    /// <summary>World metres to map pixels: x to the right, y down (the top view of CARLA's left-handed frame).</summary>
    private readonly record struct MapTransform(double MinX, double MinY, double Scale, double OffsetX, double OffsetY)
    {
        public Point ToPixel(double x, double y) =>
            new((int)Math.Round(OffsetX + ((x - MinX) * Scale)), (int)Math.Round(OffsetY + ((y - MinY) * Scale)));
    }
}
