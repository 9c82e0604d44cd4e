using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator.Towns;
using CarlaDrl.Simulator.Traffic;

namespace CarlaDrl.Simulator;

/// <summary>Fills the protocol's <c>non_player_agents</c> list (spec §6) from the world's agents without allocating.</summary>
internal static class AgentReport
{
    public static void Fill(List<NonPlayerAgent> agents, TrafficManager traffic, PedestrianManager pedestrians, TrafficLightSystem lights, TownLayout layout)
    {
        for (int i = 0; i < traffic.VehicleList.Count; i++)
        {
            TrafficVehicle v = traffic.VehicleList[i];
            agents.Add(new NonPlayerAgent(
                v.Id,
                AgentKind.Vehicle,
                Transform.FromPlanar(v.X, v.Y, 0, v.Yaw * Angles.DegreesPerRadian),
                Box(v.HalfLength, v.HalfWidth, v.HalfHeight),
                (float)v.Speed,
                TrafficLightState.Green,
                0));
        }

        for (int i = 0; i < pedestrians.PedestrianList.Count; i++)
        {
            Pedestrian p = pedestrians.PedestrianList[i];
            agents.Add(new NonPlayerAgent(
                p.Id,
                AgentKind.Pedestrian,
                Transform.FromPlanar(p.X, p.Y, 0, p.Yaw * Angles.DegreesPerRadian),
                Box(Pedestrian.HalfLength, Pedestrian.HalfWidth, Pedestrian.HalfHeight),
                (float)p.Speed,
                TrafficLightState.Green,
                0));
        }

        for (int i = 0; i < lights.Lights.Count; i++)
        {
            TrafficLightPlacement light = lights.Lights[i];
            agents.Add(new NonPlayerAgent(
                EmbeddedWorld.AgentId(3, light.Id),
                AgentKind.TrafficLight,
                Transform.FromPlanar(light.PolePosition.X, light.PolePosition.Y, 0, light.FacingYawRadians * Angles.DegreesPerRadian),
                default,
                0,
                lights.StateOf(light.Id),
                0));
        }

        IReadOnlyList<StaticObject> signs = layout.SpeedLimitSigns;
        for (int i = 0; i < signs.Count; i++)
        {
            StaticObject obj = signs[i];
            {
                agents.Add(new NonPlayerAgent(
                    EmbeddedWorld.AgentId(4, i),
                    AgentKind.SpeedLimitSign,
                    Transform.FromPlanar(obj.Center.X, obj.Center.Y, 0, 0),
                    default,
                    0,
                    TrafficLightState.Green,
                    (float)TownLayout.RoadSpeedLimitMetersPerSecond));
            }
        }
    }

    private static BoundingBox Box(double halfLength, double halfWidth, double halfHeight) =>
        new(Transform.FromPlanar(0, 0, halfHeight, 0), new Vector3D((float)halfLength, (float)halfWidth, (float)halfHeight));
}
