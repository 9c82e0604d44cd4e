using CarlaDrl.Driving.Routes;

namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// The default encoder: the car's state relative to its route — speed, lateral offset, heading error, distance to
/// the goal, the next route points in the car's frame, the planner command (one-hot) and the previous action.
/// </summary>
public sealed class RouteStateEncoder : IObservationEncoder
{
    /// <summary>Distances ahead of the route points, m.</summary>
    public static readonly double[] Lookahead = [3, 6, 10, 15, 20];

    private static readonly RouteCommand[] Commands = [RouteCommand.LaneFollow, RouteCommand.TurnLeft, RouteCommand.TurnRight, RouteCommand.GoStraight, RouteCommand.ReachGoal];

    public RouteStateEncoder()
    {
        var elements = new List<string>
        {
            "forward speed: m/s / 10",
            "lateral offset from the route: m (+ right) / 2",
            "heading error, car minus route: sin",
            "heading error, car minus route: cos",
            "remaining route distance: m / 100, capped at 5",
        };
        foreach (double d in Lookahead)
        {
            elements.Add($"route point {d:0} m ahead, forward: m / 20");
            elements.Add($"route point {d:0} m ahead, right: m / 20");
        }

        foreach (RouteCommand c in Commands)
        {
            elements.Add($"command {c}: 1 or 0");
        }

        elements.Add("previous steer: −1..1");
        elements.Add("previous throttle/brake: −1..1");
        Elements = elements;
        Low = Enumerable.Repeat(-5f, elements.Count).ToArray();
        High = Enumerable.Repeat(5f, elements.Count).ToArray();
    }

    public string Name => "route";

    public IReadOnlyList<string> Elements { get; }

    public float[] Low { get; }

    public float[] High { get; }

    public void Encode(in EncoderInput input, Span<float> output)
    {
        var p = input.Player;
        RouteTracker route = input.Route;
        var position = new Geometry.Vec2(p.Transform.Location.X, p.Transform.Location.Y);
        double yaw = p.Transform.Rotation.YawDegrees * Geometry.Angles.RadiansPerDegree;
        int i = 0;
        output[i++] = Math.Clamp(p.ForwardSpeed / 10f, -5f, 5f);
        output[i++] = (float)Math.Clamp(route.Lateral / 2, -5, 5);
        output[i++] = (float)Math.Sin(route.HeadingError);
        output[i++] = (float)Math.Cos(route.HeadingError);
        output[i++] = (float)Math.Min(route.Remaining / 100, 5);
        foreach (double d in Lookahead)
        {
            (double forward, double right) = route.PointAhead(d, position, yaw);
            output[i++] = (float)Math.Clamp(forward / 20, -5, 5);
            output[i++] = (float)Math.Clamp(right / 20, -5, 5);
        }

        RouteCommand command = route.Command;
        foreach (RouteCommand c in Commands)
        {
            output[i++] = c == command ? 1f : 0f;
        }

        output[i++] = input.PreviousSteer;
        output[i] = input.PreviousThrottleBrake;
    }
}
