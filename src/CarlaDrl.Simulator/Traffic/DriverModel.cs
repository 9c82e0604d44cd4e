using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Towns;

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

    /// <summary>
    /// Desired longitudinal acceleration, m/s². <paramref name="self"/> is the ego's traffic index (−1 for the player).
    /// </summary>
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

        double stopGap = StopGap(plan, v, halfLength, self, lookahead, context, p);
        if (stopGap < double.PositiveInfinity)
        {
            acceleration = Math.Min(acceleration, Idm(v, v0, stopGap, v, p.StopLineGap, p));
        }

        (double gap, double leaderSpeed) = LeaderOnLanes(plan, halfLength, self, context, lookahead);
        (double bodyGap, double bodySpeed) = NearestBody(plan, position, yaw, halfLength, halfWidth, owner, context, lookahead);
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

    /// <summary>
    /// Distance (m, from the front bumper) to the point where the driver must stop: the stop line of the next
    /// intersection when its light is red or yellow and still stoppable, the junction holds traffic of another phase,
    /// the exit is full, or a left turn must yield to oncoming traffic; otherwise the end of a finite plan. A driver
    /// already waiting at the line to turn left may go on yellow once the oncoming traffic has stopped.
    /// </summary>
    private static double StopGap(LanePlan plan, double v, double halfLength, int self, double lookahead, TrafficContext context, DriverParameters p)
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

            double gap = distance - halfLength;
            TrafficLightPlacement? light = context.Lights.PlacementOfApproach(lane.Id);
            if (gap < -0.5 || light is null)
            {
                continue; // already past this stop line, or no light (a bend)
            }

            plan.EnsureHorizon(distance + 30);
            bool leftTurn = i + 1 < plan.Count && plan[i + 1].Turn == TurnDirection.Left;
            bool waitingAtLine = gap < 2.0 && v < 1.0;
            TrafficLightState state = context.Lights.StateOf(light.Id);
            bool stop = state == TrafficLightState.Red
                || (state == TrafficLightState.Yellow && gap > v * v / (2 * p.ComfortableDeceleration * 1.2) && !(leftTurn && waitingAtLine))
                || JunctionBusy(light, self, context)
                || (i + 2 < plan.Count && ExitBlocked(plan[i + 2], self, context))
                || (leftTurn && light.OppositeApproach is Lane opposite && OppositeTrafficComing(opposite, light, self, context));
            return stop ? Math.Max(gap, 0) : double.PositiveInfinity; // only the next intersection matters
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

    /// <summary>"Don't block the box": a stopped vehicle near the start of the exit lane leaves no room to leave the junction.</summary>
    private static bool ExitBlocked(Lane exit, int self, TrafficContext context)
    {
        const double RoomMeters = 8.0;
        for (int k = context.Occupancy.First(exit.Id); k >= 0; k = context.Occupancy.Next(k))
        {
            TrafficVehicle other = context.Vehicles[k];
            if (k != self && other.Plan.S - other.HalfLength < RoomMeters && other.Speed < 1.0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a vehicle of another phase (one that entered late on yellow) is still inside the junction.</summary>
    private static bool JunctionBusy(TrafficLightPlacement light, int self, TrafficContext context)
    {
        IReadOnlyList<Lane> connectors = context.Junctions[light.JunctionNode].Connectors;
        for (int c = 0; c < connectors.Count; c++)
        {
            Lane connector = connectors[c];
            TrafficLightPlacement? owner = context.Lights.PlacementOfApproach(connector.Predecessors[0].Id);
            if (owner is null || owner.Phase == light.Phase)
            {
                continue;
            }

            for (int k = context.Occupancy.First(connector.Id); k >= 0; k = context.Occupancy.Next(k))
            {
                if (k != self)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool OppositeTrafficComing(Lane opposite, TrafficLightPlacement light, int self, TrafficContext context)
    {
        const double Window = 30;
        const double ArrivalSeconds = 5;

        // A vehicle standing at the line once the green is a few seconds old is blocked (its exit is full): waiting
        // for it would only spread the jam. Early in the green it is about to move off, so it counts.
        bool greenIsYoung = context.Lights.SecondsSinceGreen(light.Id) < 3.0;
        List<TrafficVehicle> vehicles = context.Vehicles;
        for (int k = context.Occupancy.First(opposite.Id); k >= 0; k = context.Occupancy.Next(k))
        {
            TrafficVehicle other = vehicles[k];
            double remaining = opposite.Length - other.Plan.S;
            if (k == self || remaining > Window || (other.Plan.Count > 1 && other.Plan[1].Turn == TurnDirection.Left))
            {
                continue;
            }

            bool arriving = other.Speed > 0.5 ? remaining / other.Speed < ArrivalSeconds : greenIsYoung && remaining < 3;
            if (arriving)
            {
                return true;
            }
        }

        for (int c = 0; c < opposite.Successors.Count; c++)
        {
            Lane connector = opposite.Successors[c];
            if (connector.Turn == TurnDirection.Left)
            {
                continue;
            }

            for (int k = context.Occupancy.First(connector.Id); k >= 0; k = context.Occupancy.Next(k))
            {
                if (k != self)
                {
                    return true;
                }
            }
        }

        if (self < 0)
        {
            return false; // the player's autopilot does not yield to itself
        }

        // The player: inside the junction, or on the opposite approach within the window.
        Vec2 player = context.PlayerPosition;
        Vec2 end = opposite.End;
        if (Vec2.Distance(player, end) > Window + 15)
        {
            return false;
        }

        (double s, double lateral) = opposite.Project(player, opposite.Length - (Window / 2), Window);
        bool onApproach = Math.Abs(lateral) < 2.5 && opposite.Length - s < Window && Math.Cos(context.PlayerYaw - opposite.PoseAt(s).HeadingRadians) > 0;
        bool inJunction = Vec2.Distance(player, end) < 12 && s >= opposite.Length - 1e-6;
        return onApproach || inJunction;
    }

    /// <summary>
    /// The nearest traffic vehicle ahead along the planned lanes. In a junction, connectors from one approach overlap
    /// for their first metres and connectors into one exit meet at its start, so vehicles on a sibling connector (near
    /// its start) or on a merging connector (placed at the distance they still have to the merge point) count too.
    /// </summary>
    private static (double Gap, double Speed) LeaderOnLanes(LanePlan plan, double halfLength, int self, TrafficContext context, double lookahead)
    {
        const double SiblingOverlapMeters = 8.0;
        List<TrafficVehicle> vehicles = context.Vehicles;
        int leader = -1;
        double best = double.PositiveInfinity;
        double offset = -plan.S;
        for (int i = 0; i < plan.Count && offset < lookahead + halfLength && leader < 0; i++)
        {
            Lane lane = plan[i];
            Consider(lane.Id, offset, double.PositiveInfinity);
            if (lane.Kind == LaneKind.Junction)
            {
                Lane from = lane.Predecessors[0];
                for (int c = 0; c < from.Successors.Count; c++)
                {
                    if (from.Successors[c] != lane)
                    {
                        Consider(from.Successors[c].Id, offset, SiblingOverlapMeters);
                    }
                }

                Lane into = lane.Successors[0];
                for (int c = 0; c < into.Predecessors.Count; c++)
                {
                    Lane merging = into.Predecessors[c];
                    if (merging != lane)
                    {
                        // A vehicle with r metres left on its connector reaches the merge when we are r short of it.
                        Consider(merging.Id, offset + lane.Length - merging.Length, double.PositiveInfinity);
                    }
                }
            }

            offset += lane.Length;
        }

        return leader < 0
            ? (double.PositiveInfinity, 0)
            : (Math.Max(0, best - halfLength - vehicles[leader].HalfLength), vehicles[leader].Speed);

        void Consider(int laneId, double laneOffset, double maxS)
        {
            for (int k = context.Occupancy.First(laneId); k >= 0; k = context.Occupancy.Next(k))
            {
                double s = vehicles[k].Plan.S;
                double d = laneOffset + s;
                if (k != self && s <= maxS && d > 0 && d < best)
                {
                    best = d;
                    leader = k;
                }
            }
        }
    }

    private static (double Gap, double LeaderSpeed) NearestBody(
        LanePlan plan, Vec2 position, double yaw, double halfLength, double halfWidth, int owner, TrafficContext context, double lookahead)
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
                double corridor = halfWidth + circle.Radius + body.Clearance;
                double corridor2 = corridor * corridor;

                // Distance from the circle to each path segment, so nothing slips between samples.
                for (int k = 0; k + 1 < samples; k++)
                {
                    double ax = context.PathX[k], ay = context.PathY[k];
                    double ex = context.PathX[k + 1] - ax, ey = context.PathY[k + 1] - ay;
                    double len2 = (ex * ex) + (ey * ey);
                    double t = len2 > 0 ? Math.Clamp((((circle.X - ax) * ex) + ((circle.Y - ay) * ey)) / len2, 0, 1) : 0;
                    double qx = circle.X - (ax + (ex * t)), qy = circle.Y - (ay + (ey * t));
                    if ((qx * qx) + (qy * qy) <= corridor2)
                    {
                        double gap = Math.Max(0, ((k + t) * PathStepMeters) - halfLength - circle.Radius);
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
