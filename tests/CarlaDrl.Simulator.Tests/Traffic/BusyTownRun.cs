using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Physics;
using CarlaDrl.Simulator.Tests.Support;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator.Tests.Traffic;

/// <summary>
/// Five simulated minutes of Town01 with CARLA's default crowd (20 vehicles, 30 pedestrians, fixed seeds) and the
/// player on autopilot, run once for all the classes of <see cref="BusyTownGroup"/>. Each tick it records what the
/// traffic tests check, so every test reads its own record without running the town again.
/// </summary>
public sealed class BusyTownRun
{
    public const int Steps = 3000;

    /// <summary>Penetration two traffic boxes may show before it counts as an overlap, m.</summary>
    public const double OverlapTolerance = 0.1;

    public BusyTownRun()
    {
        using EmbeddedWorld world = TestWorlds.Started(TestWorlds.Busy, startIndex: 40);
        Layout = world.Layout;
        Timing = world.Lights.Timing;
        VehicleCount = world.Traffic.Vehicles.Count;
        PedestrianCount = world.Pedestrians.Pedestrians.Count;
        int lights = Layout.TrafficLights.Count;
        LightStates = new TrafficLightState[lights][];
        for (int l = 0; l < lights; l++)
        {
            LightStates[l] = new TrafficLightState[Steps + 1];
        }

        var lanes = world.Traffic.Vehicles.Select(v => v.Plan.Current).ToArray();
        var fronts = world.Traffic.Vehicles.Select(v => v.Plan.S + v.HalfLength).ToArray();
        var walkers = world.Pedestrians.Pedestrians.Select(p => p.State).ToArray();
        var crossingOn = new Crosswalk?[PedestrianCount];
        var start = world.Traffic.Vehicles.Select(v => new Vec2(v.X, v.Y)).ToArray();
        WorldFrame frame = world.ReadFrame();
        RecordLights(world, 0);
        FirstAgentIds = frame.Measurements.NonPlayerAgents.Select(a => a.Id).ToArray();
        CheckAgents(world, frame, 0);
        for (int step = 1; step <= Steps; step++)
        {
            world.SendControl(frame.Player().AutopilotControl);
            frame = world.ReadFrame();
            RecordLights(world, step);
            CheckAgents(world, frame, step);

            IReadOnlyList<TrafficVehicle> vehicles = world.Traffic.Vehicles;
            for (int i = 0; i < vehicles.Count; i++)
            {
                TrafficVehicle v = vehicles[i];
                DistanceDriven += Vec2.Distance(new Vec2(v.X, v.Y), start[i]);
                start[i] = new Vec2(v.X, v.Y);
                for (int j = i + 1; j < vehicles.Count; j++)
                {
                    TrafficVehicle w = vehicles[j];
                    if (OrientedBox.Overlap(Box(v), Box(w), out double depth, out _) && depth > OverlapTolerance)
                    {
                        Overlaps.Add($"step {step}: vehicles {i} and {j} overlap by {depth:0.00} m at ({v.X:0.0}, {v.Y:0.0})");
                    }
                }

                // Entering a junction is the front bumper crossing the stop line (what the driver model stops before). The
                // centre reaches the connector up to a car length later: a left-turner that waited at the line and goes
                // on yellow once oncoming traffic has stopped does so at walking pace, when the light may be red already.
                Lane before = lanes[i];
                TrafficLightPlacement? light = world.Lights.PlacementOfApproach(before.Id);
                if (light is not null)
                {
                    double front = v.Plan.Current == before ? v.Plan.S + v.HalfLength : before.Length + v.Plan.S + v.HalfLength;
                    TrafficLightState state = world.Lights.StateOf(light.Id);
                    if (fronts[i] <= before.Length && front > before.Length)
                    {
                        StopLineCrossings++;
                        if (state == TrafficLightState.Red)
                        {
                            FrontOnRed.Add($"step {step}: vehicle {i} crossed the stop line of {before} on red");
                        }
                    }

                    if (v.Plan.Current != before && v.Plan.Current.Kind == LaneKind.Junction)
                    {
                        JunctionEntries++;
                    }
                }

                lanes[i] = v.Plan.Current;
                fronts[i] = v.Plan.S + v.HalfLength;
            }

            IReadOnlyList<Pedestrian> pedestrians = world.Pedestrians.Pedestrians;
            for (int k = 0; k < pedestrians.Count; k++)
            {
                Pedestrian p = pedestrians[k];
                if (p.State == PedestrianState.Crossing && walkers[k] != PedestrianState.Crossing)
                {
                    // The walker stands at the end it starts from.
                    var here = new Vec2(p.X, p.Y);
                    Crosswalk crosswalk = Layout.Crosswalks.MinBy(c => Math.Min(Vec2.Distance(c.EndA, here), Vec2.Distance(c.EndB, here)))!;
                    if (Math.Min(Vec2.Distance(crosswalk.EndA, here), Vec2.Distance(crosswalk.EndB, here)) > 0.05)
                    {
                        PedestrianViolations.Add($"step {step}: pedestrian {k} started crossing away from any crosswalk end");
                    }

                    crossingOn[k] = crosswalk;
                    CrossingStarts++;
                }

                if (p.State == PedestrianState.Crossing && crossingOn[k] is Crosswalk c && world.Lights.StateOf(c.LightId) != TrafficLightState.Red)
                {
                    PedestrianViolations.Add($"step {step}: pedestrian {k} on crosswalk {c.Id} while its arm's light is {world.Lights.StateOf(c.LightId)}");
                }

                if (p.State != PedestrianState.Crossing)
                {
                    crossingOn[k] = null;
                }

                walkers[k] = p.State;
            }
        }

        PlayerCollisions = frame.Player().CollisionVehicles + frame.Player().CollisionPedestrians + frame.Player().CollisionOther;
    }

    public TownLayout Layout { get; }

    public TrafficLightTiming Timing { get; }

    public int VehicleCount { get; }

    public int PedestrianCount { get; }

    /// <summary>The state of every light (by placement id) at every step.</summary>
    public TrafficLightState[][] LightStates { get; }

    public List<string> Overlaps { get; } = [];

    public List<string> FrontOnRed { get; } = [];

    public int StopLineCrossings { get; private set; }

    public int JunctionEntries { get; private set; }

    public List<string> PedestrianViolations { get; } = [];

    public int CrossingStarts { get; private set; }

    public List<string> AgentReportErrors { get; } = [];

    public uint[] FirstAgentIds { get; } = [];

    /// <summary>Sum over vehicles and ticks of the distance moved, m.</summary>
    public double DistanceDriven { get; private set; }

    public double PlayerCollisions { get; }

    private static OrientedBox Box(TrafficVehicle v) => new(new Vec2(v.X, v.Y), v.Yaw, v.HalfLength, v.HalfWidth);

    private void RecordLights(EmbeddedWorld world, int step)
    {
        for (int l = 0; l < LightStates.Length; l++)
        {
            LightStates[l][step] = world.Lights.StateOf(l);
        }
    }

    private void CheckAgents(EmbeddedWorld world, WorldFrame frame, int step)
    {
        List<NonPlayerAgent> agents = frame.Measurements.NonPlayerAgents;
        void Error(string message) => AgentReportErrors.Add($"step {step}: {message}");

        if (!agents.Select(a => a.Id).SequenceEqual(FirstAgentIds))
        {
            Error("agent ids changed within the episode");
        }

        var vehicles = agents.Where(a => a.Kind == AgentKind.Vehicle).ToList();
        var pedestrians = agents.Where(a => a.Kind == AgentKind.Pedestrian).ToList();
        var lights = agents.Where(a => a.Kind == AgentKind.TrafficLight).ToList();
        var signs = agents.Where(a => a.Kind == AgentKind.SpeedLimitSign).ToList();
        if (vehicles.Count != VehicleCount || pedestrians.Count != PedestrianCount || lights.Count != Layout.TrafficLights.Count || signs.Count != Layout.SpeedLimitSigns.Count)
        {
            Error($"{vehicles.Count} vehicles, {pedestrians.Count} pedestrians, {lights.Count} lights, {signs.Count} signs");
            return;
        }

        for (int i = 0; i < vehicles.Count; i++)
        {
            TrafficVehicle v = world.Traffic.Vehicles[i];
            NonPlayerAgent a = vehicles[i];
            bool same = a.Id == v.Id && a.Transform.Location == new Vector3D((float)v.X, (float)v.Y, 0) && a.ForwardSpeed == (float)v.Speed
                && a.BoundingBox.Extent == new Vector3D((float)v.HalfLength, (float)v.HalfWidth, (float)v.HalfHeight)
                && Math.Abs(Angles.WrapDegrees(a.Transform.Rotation.YawDegrees - (v.Yaw * Angles.DegreesPerRadian))) < 1e-3
                && a.Transform.Orientation == a.Transform.Rotation.Forward;
            if (!same)
            {
                Error($"vehicle agent {i} does not match traffic vehicle {v.Index}");
            }
        }

        for (int i = 0; i < pedestrians.Count; i++)
        {
            Pedestrian p = world.Pedestrians.Pedestrians[i];
            NonPlayerAgent a = pedestrians[i];
            if (a.Id != p.Id || a.Transform.Location.X != (float)p.X || a.Transform.Location.Y != (float)p.Y || a.ForwardSpeed != (float)p.Speed
                || a.BoundingBox.Extent != pedestrians[0].BoundingBox.Extent)
            {
                Error($"pedestrian agent {i} does not match pedestrian {p.Index} or has another box size");
            }
        }

        for (int i = 0; i < lights.Count; i++)
        {
            TrafficLightPlacement placement = Layout.TrafficLights[i];
            if (lights[i].TrafficLightState != world.Lights.StateOf(placement.Id)
                || Vec2.Distance(new Vec2(lights[i].Transform.Location.X, lights[i].Transform.Location.Y), placement.PolePosition) > 1e-3)
            {
                Error($"light agent {i} shows {lights[i].TrafficLightState}, light {placement.Id} is {world.Lights.StateOf(placement.Id)}");
            }
        }

        foreach (NonPlayerAgent sign in signs)
        {
            // Town speed limit 30 km/h, reported in m/s (spec §6).
            if (sign.SpeedLimit != (float)(30 / 3.6))
            {
                Error($"speed-limit sign {sign.Id} reports {sign.SpeedLimit}");
            }
        }
    }
}
