using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.World;
using Wire = CarlaDrl.Carla.Protocol.Messages;

namespace CarlaDrl.Carla.Protocol;

/// <summary>
/// Between the world's value types and the protobuf messages (spec §4, §6). Writers fill existing message objects so
/// that every sub-message is present, as the real server writes them (spec §4 "Real-server encoding").
/// </summary>
internal static class WireConvert
{
#pragma warning disable CS0612 // Transform.orientation is deprecated in the schema, yet filled and read (spec §4, §12.12).
    public static void Fill(Wire.Transform target, in Transform value)
    {
        target.Location ??= new Wire.Vector3D();
        target.Orientation ??= new Wire.Vector3D();
        target.Rotation ??= new Wire.Rotation3D();
        Fill(target.Location, value.Location);
        Fill(target.Orientation, value.Orientation);
        target.Rotation.Pitch = value.Rotation.PitchDegrees;
        target.Rotation.Yaw = value.Rotation.YawDegrees;
        target.Rotation.Roll = value.Rotation.RollDegrees;
    }

    public static Transform ToTransform(Wire.Transform? message) => message is null
        ? default
        : new Transform(ToVector(message.Location), ToVector(message.Orientation), ToRotation(message.Rotation));
#pragma warning restore CS0612

    public static Wire.Transform NewTransform(in Transform value)
    {
        var message = new Wire.Transform();
        Fill(message, value);
        return message;
    }

    public static void Fill(Wire.Vector3D target, in Vector3D value)
    {
        target.X = value.X;
        target.Y = value.Y;
        target.Z = value.Z;
    }

    public static Vector3D ToVector(Wire.Vector3D? message) => message is null ? default : new Vector3D(message.X, message.Y, message.Z);

    public static Rotation3D ToRotation(Wire.Rotation3D? message) => message is null ? default : new Rotation3D(message.Pitch, message.Yaw, message.Roll);

    public static void Fill(Wire.BoundingBox target, in BoundingBox value)
    {
        target.Transform ??= new Wire.Transform();
        target.Extent ??= new Wire.Vector3D();
        Fill(target.Transform, value.Transform);
        Fill(target.Extent, value.Extent);
    }

    public static BoundingBox ToBoundingBox(Wire.BoundingBox? message) => message is null
        ? default
        : new BoundingBox(ToTransform(message.Transform), ToVector(message.Extent));

    public static void Fill(Wire.Control target, in VehicleControl value)
    {
        target.Steer = value.Steer;
        target.Throttle = value.Throttle;
        target.Brake = value.Brake;
        target.HandBrake = value.HandBrake;
        target.Reverse = value.Reverse;
    }

    public static VehicleControl ToControl(Wire.Control? message) => message is null
        ? VehicleControl.Neutral
        : new VehicleControl(message.Steer, message.Throttle, message.Brake, message.HandBrake, message.Reverse);

    public static Wire.Sensor.Types.Type ToWire(SensorType type) => type switch
    {
        SensorType.Camera => Wire.Sensor.Types.Type.Camera,
        SensorType.LidarRayCast => Wire.Sensor.Types.Type.LidarRayCast,
        _ => Wire.Sensor.Types.Type.Unknown,
    };

    public static SensorType FromWire(Wire.Sensor.Types.Type type) => type switch
    {
        Wire.Sensor.Types.Type.Camera => SensorType.Camera,
        Wire.Sensor.Types.Type.LidarRayCast => SensorType.LidarRayCast,
        _ => SensorType.Unknown,
    };

    /// <summary>A transform whose missing orientation is derived from its rotation, as the real server fills it (spec §12.12).</summary>
    public static Transform WithOrientation(in Transform value) =>
        value.Orientation == Vector3D.Zero ? value with { Orientation = value.Rotation.Forward } : value;

    /// <summary>The scene as the protocol carries it, transforms as given.</summary>
    public static Wire.SceneDescription ToMessage(SceneDescription scene, IReadOnlyList<SensorInfo> wireSensors)
    {
        var message = new Wire.SceneDescription { MapName = scene.MapName };
        foreach (Transform spot in scene.PlayerStartSpots)
        {
            message.PlayerStartSpots.Add(NewTransform(spot));
        }

        foreach (SensorInfo sensor in wireSensors)
        {
            message.Sensors.Add(new Wire.Sensor { Id = sensor.Id, Type = ToWire(sensor.Type), Name = sensor.Name });
        }

        return message;
    }

    public static SceneDescription FromMessage(Wire.SceneDescription message) => new(
        message.MapName,
        message.PlayerStartSpots.Select(ToTransform).ToArray(),
        message.Sensors.Select(s => new SensorInfo(s.Id, FromWire(s.Type), s.Name)).ToArray());

    /// <summary>Copies a received <c>Measurements</c> into the world's reused measurement object.</summary>
    public static void CopyTo(Wire.Measurements message, Measurements target)
    {
        target.FrameNumber = message.FrameNumber;
        target.PlatformTimestamp = message.PlatformTimestamp;
        target.GameTimestamp = message.GameTimestamp;
        PlayerMeasurements p = target.PlayerMeasurements;
        Wire.Measurements.Types.PlayerMeasurements? m = message.PlayerMeasurements;
        p.Transform = ToTransform(m?.Transform);
        p.Acceleration = ToVector(m?.Acceleration);
        p.ForwardSpeed = m?.ForwardSpeed ?? 0;
        p.CollisionVehicles = m?.CollisionVehicles ?? 0;
        p.CollisionPedestrians = m?.CollisionPedestrians ?? 0;
        p.CollisionOther = m?.CollisionOther ?? 0;
        p.IntersectionOtherLane = m?.IntersectionOtherlane ?? 0;
        p.IntersectionOffRoad = m?.IntersectionOffroad ?? 0;
        p.AutopilotControl = ToControl(m?.AutopilotControl);
        p.BoundingBox = ToBoundingBox(m?.BoundingBox);
        target.NonPlayerAgents.Clear();
        foreach (Wire.Agent agent in message.NonPlayerAgents)
        {
            target.NonPlayerAgents.Add(agent.AgentCase switch
            {
                Wire.Agent.AgentOneofCase.Vehicle => new NonPlayerAgent(agent.Id, AgentKind.Vehicle, ToTransform(agent.Vehicle.Transform), ToBoundingBox(agent.Vehicle.BoundingBox), agent.Vehicle.ForwardSpeed, default, 0),
                Wire.Agent.AgentOneofCase.Pedestrian => new NonPlayerAgent(agent.Id, AgentKind.Pedestrian, ToTransform(agent.Pedestrian.Transform), ToBoundingBox(agent.Pedestrian.BoundingBox), agent.Pedestrian.ForwardSpeed, default, 0),
                Wire.Agent.AgentOneofCase.TrafficLight => new NonPlayerAgent(agent.Id, AgentKind.TrafficLight, ToTransform(agent.TrafficLight.Transform), default, 0, (TrafficLightState)(int)agent.TrafficLight.State, 0),
                Wire.Agent.AgentOneofCase.SpeedLimitSign => new NonPlayerAgent(agent.Id, AgentKind.SpeedLimitSign, ToTransform(agent.SpeedLimitSign.Transform), default, 0, default, agent.SpeedLimitSign.SpeedLimit),
                _ => new NonPlayerAgent(agent.Id, AgentKind.Vehicle, default, default, 0, default, 0),
            });
        }
    }
}
