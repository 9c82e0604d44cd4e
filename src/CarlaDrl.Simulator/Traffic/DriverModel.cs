using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// How embedded drivers (traffic and the player's autopilot) choose their acceleration: the Intelligent Driver
/// Model against the nearest of (a) an obstacle circle inside the corridor swept along the planned path, (b) the
/// stop line of a red — or a yellow that can still be stopped for — light, (c) the end of a finite plan; with the
/// free-road speed capped for curves ahead (v ≤ √(v_curve² + 2·b·d)). Stateless and allocation-free.
/// </summary>
public static class DriverModel
{
    private const double PathStepMeters = 1.0;

    /// <summary>Desired longitudinal acceleration, m/s².</summary>
    public static double DesiredAcceleration(
        LanePlan plan,
        Vec2 position,
        double yaw,
        double speed,
        double halfLength,
        double halfWidth,
        int owner,
        ObstacleField obstacles,
        TrafficLightSystem lights,
        DriverParameters p)
    {
        double v = Math.Max(0, speed);
        double lookahead = Math.Clamp((v * p.LookaheadSeconds) + p.LookaheadBaseMeters, p.LookaheadBaseMeters, p.LookaheadMaxMeters);
        plan.EnsureHorizon(lookahead + halfLength);

        double v0 = Math.Min(p.DesiredSpeed, CurveSpeedLimit(plan, lookahead, p));
        double acceleration = Idm(v, v0, double.PositiveInfinity, 0, p.MinimumGap, p);

        double stopGap = StopGap(plan, v, halfLength, lookahead, lights, p);
        if (stopGap < double.PositiveInfinity)
        {
            acceleration = Math.Min(acceleration, Idm(v, v0, stopGap, v, p.StopLineGap, p));
        }

        (double gap, double leaderSpeed) = NearestObstacle(plan, position, yaw, halfLength, halfWidth, owner, obstacles, lookahead, p);
        if (gap < double.PositiveInfinity)
        {
            acceleration = Math.Min(acceleration, Idm(v, v0, gap, v - leaderSpeed, p.MinimumGap, p));
        }

        return Math.Max(acceleration, -p.MaxDeceleration);
    }

    /// <summary>IDM acceleration for speed v, desired speed v0, gap s (m) to a leader closing at dv (m/s).</summary>
    public static double Idm(double v, double v0, double gap, double dv, double minimumGap, DriverParameters p)
    {
        double free = v0 > 0.01 ? 1 - Math.Pow(v / v0, 4) : -1;
        if (double.IsPositiveInfinity(gap))
        {
            return p.MaxAcceleration * free;
        }

        double desiredGap = minimumGap + Math.Max(0, (v * p.TimeHeadway) + (v * dv / (2 * Math.Sqrt(p.MaxAcceleration * p.ComfortableDeceleration))));
        double ratio = desiredGap / Math.Max(gap, 0.05);
        return p.MaxAcceleration * (free - (ratio * ratio));
    }

    /// <summary>Speed allowed now given the curves within <paramref name="lookahead"/> metres, m/s.</summary>
    public static double CurveSpeedLimit(LanePlan plan, double lookahead, DriverParameters p)
    {
        double limit = double.PositiveInfinity;
        double distance = -plan.S;
        for (int i = 0; i < plan.Count && distance < lookahead; i++)
        {
            Lane lane = plan[i];
            if (lane.MaxAbsCurvature > 1e-6)
            {
                double curve = Math.Sqrt(p.CorneringAcceleration / lane.MaxAbsCurvature);
                double d = Math.Max(0, distance);
                limit = Math.Min(limit, Math.Sqrt((curve * curve) + (2 * p.CurveApproachDeceleration * d)));
            }

            distance += lane.Length;
        }

        return limit;
    }

    private static double StopGap(LanePlan plan, double v, double halfLength, double lookahead, TrafficLightSystem lights, DriverParameters p)
    {
        double distance = -plan.S;
        for (int i = 0; i < plan.Count && distance < lookahead + halfLength; i++)
        {
            Lane lane = plan[i];
            distance += lane.Length;
            if (lane.Kind != LaneKind.Road || (i == plan.Count - 1 && plan.IsFinite))
            {
                continue;
            }

            TrafficLightState state = lights.StateAtEndOf(lane);
            double gap = distance - halfLength;
            if (gap < -0.5)
            {
                continue; // already past this stop line
            }

            bool stop = state == TrafficLightState.Red
                || (state == TrafficLightState.Yellow && gap > v * v / (2 * p.ComfortableDeceleration * 1.2));
            if (stop)
            {
                return Math.Max(gap, 0);
            }
        }

        if (plan.IsFinite)
        {
            double remaining = plan.RemainingDistance;
            if (remaining < lookahead + halfLength)
            {
                return Math.Max(0, remaining); // the centre stops StopLineGap before the goal
            }
        }

        return double.PositiveInfinity;
    }

    private static (double Gap, double LeaderSpeed) NearestObstacle(
        LanePlan plan, Vec2 position, double yaw, double halfLength, double halfWidth, int owner, ObstacleField obstacles, double lookahead, DriverParameters p)
    {
        double reach = lookahead + halfLength + 3;
        double reach2 = reach * reach;
        double fx = Math.Cos(yaw), fy = Math.Sin(yaw);
        double bestGap = double.PositiveInfinity, bestSpeed = 0;
        double horizon = plan.IsFinite ? Math.Min(lookahead + halfLength, plan.RemainingDistance) : lookahead + halfLength;
        for (int c = 0; c < obstacles.Count; c++)
        {
            ref readonly ObstacleField.Circle circle = ref obstacles[c];
            if (circle.Owner == owner)
            {
                continue;
            }

            double dx = circle.X - position.X, dy = circle.Y - position.Y;
            if ((dx * dx) + (dy * dy) > reach2 || (dx * fx) + (dy * fy) < -halfLength)
            {
                continue;
            }

            // Walk the path until the circle enters the corridor.
            double corridor = halfWidth + circle.Radius + p.CorridorMarginMeters;
            double corridor2 = corridor * corridor;
            for (double d = 0; d <= horizon; d += PathStepMeters)
            {
                (Lane lane, double s) = plan.Ahead(d);
                Vec2 q = lane.PositionAt(s);
                double ex = circle.X - q.X, ey = circle.Y - q.Y;
                if ((ex * ex) + (ey * ey) <= corridor2)
                {
                    double gap = Math.Max(0, d - halfLength - circle.Radius);
                    if (gap < bestGap)
                    {
                        double heading = lane.PoseAt(s).HeadingRadians;
                        bestGap = gap;
                        bestSpeed = Math.Max(0, (circle.Vx * Math.Cos(heading)) + (circle.Vy * Math.Sin(heading)));
                    }

                    break;
                }
            }
        }

        return (bestGap, bestSpeed);
    }
}
