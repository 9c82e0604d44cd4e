using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Routes;

namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// Follows a car along its route: distance travelled along it (m, never jumping more than the search window per
/// update), signed lateral offset (m, + right), heading error (rad, car minus route) and the planner command.
/// </summary>
public sealed class RouteTracker
{
    /// <summary>How far around the last position a new projection looks, m.</summary>
    public const double WindowMeters = 12;

    public RouteTracker(Route route, Vec2 start)
    {
        Route = route ?? throw new ArgumentNullException(nameof(route));
        (Progress, Lateral) = route.Project(start, 0, WindowMeters);
    }

    public Route Route { get; }

    /// <summary>Distance along the route, m.</summary>
    public double Progress { get; private set; }

    /// <summary>Signed offset from the route centre line, m (+ right).</summary>
    public double Lateral { get; private set; }

    /// <summary>Car heading minus route heading, radians in (−π, π].</summary>
    public double HeadingError { get; private set; }

    public double Remaining => Route.Length - Progress;

    public double Completion => Route.Length > 0 ? Math.Clamp(Progress / Route.Length, 0, 1) : 1;

    public RouteCommand Command => Route.CommandAt(Progress);

    /// <summary>Updates from the car's position (m) and yaw (rad); returns the progress made (m, may be negative).</summary>
    public double Update(Vec2 position, double yawRadians)
    {
        double before = Progress;
        (Progress, Lateral) = Route.Project(position, Progress, WindowMeters);
        LanePose pose = Route.PoseAt(Progress);
        HeadingError = Angles.WrapRadians(yawRadians - pose.HeadingRadians);
        return Progress - before;
    }

    /// <summary>A route point <paramref name="ahead"/> metres further, in the car's frame (forward, right), m.</summary>
    public (double Forward, double Right) PointAhead(double ahead, Vec2 position, double yawRadians)
    {
        Vec2 d = Route.PoseAt(Progress + ahead).Position - position;
        double c = Math.Cos(yawRadians), s = Math.Sin(yawRadians);
        return ((d.X * c) + (d.Y * s), (-d.X * s) + (d.Y * c));
    }
}
