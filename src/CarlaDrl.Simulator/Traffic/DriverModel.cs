using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Traffic;

/// <summary>
/// How embedded drivers (traffic and the player's autopilot) choose their acceleration: the Intelligent Driver
/// Model against the nearest of (a) a traffic vehicle ahead on the planned lanes, (b) a free body (the player's car,
/// a pedestrian on the road) inside the corridor swept along the planned path, (c) the stop line of a red — or a
/// yellow that can still be stopped for — light, (d) the end of a finite plan; with the free-road speed capped for
/// curves ahead (v ≤ √(v_curve² + 2·b·d)). Stateless and allocation-free.
/// </summary>
public static class DriverModel
{
    private const double PathStepMeters = 1.5;

    /// <summary>Desired longitudinal acceleration, m/s². <paramref name="self"/> is the ego's traffic index (−1 for the player).</summary>
    public static double DesiredAcceleration(
        LanePlan plan,
        Vec2 position,
        double yaw,
        double speed,
        double halfLength,
        double halfWidth,
        int owner,
        int self,
        TrafficContext context,
        DriverParameters p)
    {
        double v = Math.Max(0, speed);
        double lookahead = Math.Clamp((v * p.LookaheadSeconds) + p.LookaheadBaseMeters, p.LookaheadBaseMeters, p.LookaheadMaxMeters);
        plan.EnsureHorizon(lookahead + halfLength);

        double v0 = Math.Min(p.DesiredSpeed, CurveSpeedLimit(plan, lookahead, p));
        double acceleration = Idm(v, v0, double.PositiveInfinity, 0, p.MinimumGap, p);

        double stopGap = StopGap(plan, v, halfLength, lookahead, context.Lights, p);
        if (stopGap < double.PositiveInfinity)
        {
            acceleration = Math.Min(acceleration, Idm(v, v0, stopGap, v, p.StopLineGap, p));
        }

        (double gap, double leaderSpeed) = LeaderOnLanes(plan, halfLength, self, context, lookahead);
        (double bodyGap, double bodySpeed) = NearestBody(plan, position, yaw, halfLength, halfWidth, owner, context, lookahead, p);
        if (bodyGap < gap)
        {
            (gap, leaderSpeed) = (bodyGap, bodySpeed);
        }

        if (gap < double.PositiveInfinity)
        {
            acceleration = Math.Min(acceleration, Idm(v, v0, gap, v - leaderSpeed, p.MinimumGap, p));
        }

        return Math.Max(acceleration, -p.MaxDeceleration);
    }

    /// <summary>IDM acceleration for speed v, desired speed v0, gap s (m) to a leader closing at dv (m/s).</summary>
    public static double Idm(double v, double v0, double gap, double dv, double minimumGap, DriverParameters p)
    {
        double ratioV = v0 > 0.01 ? v / v0 : 2;
        double free = 1 - (ratioV * ratioV * ratioV * ratioV);
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

    private static (double Gap, double Speed) LeaderOnLanes(LanePlan plan, double halfLength, int self, TrafficContext context, double lookahead)
    {
        List<TrafficVehicle> vehicles = context.Vehicles;
        double offset = -plan.S;
        for (int i = 0; i < plan.Count && offset < lookahead + halfLength; i++)
        {
            int leader = -1;
            double best = double.PositiveInfinity;
            for (int k = context.Occupancy.First(plan[i].Id); k >= 0; k = context.Occupancy.Next(k))
            {
                double d = offset + vehicles[k].Plan.S;
                if (k != self && d > 0 && d < best)
                {
                    best = d;
                    leader = k;
                }
            }

            if (leader >= 0)
            {
                return (Math.Max(0, best - halfLength - vehicles[leader].HalfLength), vehicles[leader].Speed);
            }

            offset += plan[i].Length;
        }

        return (double.PositiveInfinity, 0);
    }

    private static (double Gap, double LeaderSpeed) NearestBody(
        LanePlan plan, Vec2 position, double yaw, double halfLength, double halfWidth, int owner, TrafficContext context, double lookahead, DriverParameters p)
    {
        ObstacleField bodies = context.Bodies;
        double horizon = plan.IsFinite ? Math.Min(lookahead + halfLength, plan.RemainingDistance) : lookahead + halfLength;
        double fx = Math.Cos(yaw), fy = Math.Sin(yaw);
        double bestGap = double.PositiveInfinity, bestSpeed = 0;
        int samples = -1;
        for (int b = 0; b < bodies.BodyCount; b++)
        {
            ref readonly ObstacleField.Body body = ref bodies.BodyAt(b);
            if (body.Owner == owner)
            {
                continue;
            }

            double dx = body.X - position.X, dy = body.Y - position.Y;
            double reach = horizon + body.Radius + halfWidth;
            if ((dx * dx) + (dy * dy) > reach * reach || (dx * fx) + (dy * fy) < -(halfLength + body.Radius))
            {
                continue;
            }

            if (samples < 0)
            {
                samples = SamplePath(plan, horizon, context);
            }

            for (int c = body.First; c < body.First + body.CircleCount; c++)
            {
                ref readonly ObstacleField.Circle circle = ref bodies[c];
                double corridor = halfWidth + circle.Radius + p.CorridorMarginMeters;
                double corridor2 = corridor * corridor;
                for (int k = 0; k < samples; k++)
                {
                    double ex = circle.X - context.PathX[k], ey = circle.Y - context.PathY[k];
                    if ((ex * ex) + (ey * ey) <= corridor2)
                    {
                        double gap = Math.Max(0, (k * PathStepMeters) - halfLength - circle.Radius);
                        if (gap < bestGap)
                        {
                            double heading = context.PathHeading[k];
                            bestGap = gap;
                            bestSpeed = Math.Max(0, (circle.Vx * Math.Cos(heading)) + (circle.Vy * Math.Sin(heading)));
                        }

                        break;
                    }
                }
            }
        }

        return (bestGap, bestSpeed);
    }

    /// <summary>Samples the planned path every <see cref="PathStepMeters"/> from the ego's position into the context's buffer.</summary>
    private static int SamplePath(LanePlan plan, double horizon, TrafficContext context)
    {
        int n = Math.Min(TrafficContext.MaxPathSamples, (int)(horizon / PathStepMeters) + 1);
        int lane = 0;
        double s = plan.S;
        for (int k = 0; k < n; k++)
        {
            while (s > plan[lane].Length && lane < plan.Count - 1)
            {
                s -= plan[lane].Length;
                lane++;
            }

            LanePose pose = plan[lane].PoseAt(s);
            context.PathX[k] = pose.Position.X;
            context.PathY[k] = pose.Position.Y;
            context.PathHeading[k] = pose.HeadingRadians;
            s += PathStepMeters;
        }

        return n;
    }
}
