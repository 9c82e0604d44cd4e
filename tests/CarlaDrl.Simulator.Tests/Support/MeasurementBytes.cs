using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Tests.Support;

/// <summary>Every field of a frame's measurements, non-player agents included, as bytes: equal bytes = identical frames.</summary>
internal static class MeasurementBytes
{
    public static byte[] Of(Measurements m)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream))
        {
            Write(w, m);
        }

        return stream.ToArray();
    }

    public static void Write(BinaryWriter w, Measurements m)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(m);
        w.Write(m.FrameNumber);
        w.Write(m.PlatformTimestamp);
        w.Write(m.GameTimestamp);
        PlayerMeasurements p = m.PlayerMeasurements;
        Write(w, p.Transform);
        Write(w, p.Acceleration);
        w.Write(p.ForwardSpeed);
        w.Write(p.CollisionVehicles);
        w.Write(p.CollisionPedestrians);
        w.Write(p.CollisionOther);
        w.Write(p.IntersectionOtherLane);
        w.Write(p.IntersectionOffRoad);
        VehicleControl c = p.AutopilotControl;
        w.Write(c.Steer);
        w.Write(c.Throttle);
        w.Write(c.Brake);
        w.Write(c.HandBrake);
        w.Write(c.Reverse);
        Write(w, p.BoundingBox);
        w.Write(m.NonPlayerAgents.Count);
        foreach (NonPlayerAgent a in m.NonPlayerAgents)
        {
            w.Write(a.Id);
            w.Write((int)a.Kind);
            Write(w, a.Transform);
            Write(w, a.BoundingBox);
            w.Write(a.ForwardSpeed);
            w.Write((int)a.TrafficLightState);
            w.Write(a.SpeedLimit);
        }
    }

    private static void Write(BinaryWriter w, BoundingBox box)
    {
        Write(w, box.Transform);
        Write(w, box.Extent);
    }

    private static void Write(BinaryWriter w, Transform t)
    {
        Write(w, t.Location);
        Write(w, t.Orientation);
        w.Write(t.Rotation.PitchDegrees);
        w.Write(t.Rotation.YawDegrees);
        w.Write(t.Rotation.RollDegrees);
    }

    private static void Write(BinaryWriter w, Vector3D v)
    {
        w.Write(v.X);
        w.Write(v.Y);
        w.Write(v.Z);
    }
}
