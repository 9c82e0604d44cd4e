using CarlaDrl.Driving.World;
using Wire = CarlaDrl.Carla.Protocol.Messages;

namespace CarlaDrl.Carla.Protocol;

/// <summary>
/// Turns a frame's <see cref="Measurements"/> into the <c>Measurements</c> message as the real server writes it:
/// every sub-message present (spec §4), fields in ascending order. Message objects are reused frame to frame.
/// </summary>
internal sealed class MeasurementsEncoder
{
    private readonly Wire.Measurements _message = new()
    {
        PlayerMeasurements = new Wire.Measurements.Types.PlayerMeasurements
        {
            Transform = new Wire.Transform(),
            Acceleration = new Wire.Vector3D(),
            AutopilotControl = new Wire.Control(),
            BoundingBox = new Wire.BoundingBox(),
        },
    };

    private readonly List<Wire.Agent> _agents = [];

    /// <summary>The message for <paramref name="measurements"/>; valid until the next call.</summary>
    public Wire.Measurements Encode(Measurements measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        _message.FrameNumber = measurements.FrameNumber;
        _message.PlatformTimestamp = measurements.PlatformTimestamp;
        _message.GameTimestamp = measurements.GameTimestamp;
        PlayerMeasurements p = measurements.PlayerMeasurements;
        Wire.Measurements.Types.PlayerMeasurements m = _message.PlayerMeasurements;
        WireConvert.Fill(m.Transform, p.Transform);
        WireConvert.Fill(m.Acceleration, p.Acceleration);
        m.ForwardSpeed = p.ForwardSpeed;
        m.CollisionVehicles = p.CollisionVehicles;
        m.CollisionPedestrians = p.CollisionPedestrians;
        m.CollisionOther = p.CollisionOther;
        m.IntersectionOtherlane = p.IntersectionOtherLane;
        m.IntersectionOffroad = p.IntersectionOffRoad;
        WireConvert.Fill(m.AutopilotControl, p.AutopilotControl);
        WireConvert.Fill(m.BoundingBox, p.BoundingBox);

        _message.NonPlayerAgents.Clear();
        for (int i = 0; i < measurements.NonPlayerAgents.Count; i++)
        {
            if (_agents.Count <= i)
            {
                _agents.Add(new Wire.Agent());
            }

            Wire.Agent agent = _agents[i];
            Fill(agent, measurements.NonPlayerAgents[i]);
            _message.NonPlayerAgents.Add(agent);
        }

        return _message;
    }

    private static void Fill(Wire.Agent agent, in NonPlayerAgent value)
    {
        agent.Id = value.Id;
        switch (value.Kind)
        {
            case AgentKind.Vehicle:
                Wire.Vehicle vehicle = agent.Vehicle ?? new Wire.Vehicle { Transform = new Wire.Transform(), BoundingBox = new Wire.BoundingBox() };
                WireConvert.Fill(vehicle.Transform, value.Transform);
                WireConvert.Fill(vehicle.BoundingBox, value.BoundingBox);
                vehicle.ForwardSpeed = value.ForwardSpeed;
                agent.Vehicle = vehicle;
                break;
            case AgentKind.Pedestrian:
                Wire.Pedestrian pedestrian = agent.Pedestrian ?? new Wire.Pedestrian { Transform = new Wire.Transform(), BoundingBox = new Wire.BoundingBox() };
                WireConvert.Fill(pedestrian.Transform, value.Transform);
                WireConvert.Fill(pedestrian.BoundingBox, value.BoundingBox);
                pedestrian.ForwardSpeed = value.ForwardSpeed;
                agent.Pedestrian = pedestrian;
                break;
            case AgentKind.TrafficLight:
                Wire.TrafficLight light = agent.TrafficLight ?? new Wire.TrafficLight { Transform = new Wire.Transform() };
                WireConvert.Fill(light.Transform, value.Transform);
                light.State = (Wire.TrafficLight.Types.State)(int)value.TrafficLightState;
                agent.TrafficLight = light;
                break;
            default:
                Wire.SpeedLimitSign sign = agent.SpeedLimitSign ?? new Wire.SpeedLimitSign { Transform = new Wire.Transform() };
                WireConvert.Fill(sign.Transform, value.Transform);
                sign.SpeedLimit = value.SpeedLimit;
                agent.SpeedLimitSign = sign;
                break;
        }
    }
}
