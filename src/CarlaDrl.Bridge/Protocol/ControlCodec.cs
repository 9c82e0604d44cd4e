using CarlaDrl.Driving.World;
using MessagePack;

namespace CarlaDrl.Bridge.Protocol;

/// <summary>
/// <see cref="VehicleControl"/> on the wire: in a <c>step</c> request a map <c>{steer, throttle, brake, hand_brake,
/// reverse}</c> (missing keys are 0/false), in a frame's autopilot a 5-element array in the same order.
/// </summary>
internal static class ControlCodec
{
    public static void WriteMap(ref MessagePackWriter w, in VehicleControl c)
    {
        w.WriteMapHeader(5);
        w.Write("steer");
        w.Write(c.Steer);
        w.Write("throttle");
        w.Write(c.Throttle);
        w.Write("brake");
        w.Write(c.Brake);
        w.Write("hand_brake");
        w.Write(c.HandBrake);
        w.Write("reverse");
        w.Write(c.Reverse);
    }

    public static VehicleControl ReadMap(ref MessagePackReader r)
    {
        int n = Wire.ReadMapHeader(ref r, "control");
        float steer = 0, throttle = 0, brake = 0;
        bool handBrake = false, reverse = false;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref r);
            if (Wire.Is(key, "steer"u8))
            {
                steer = Wire.ReadFloat(ref r, "control.steer");
            }
            else if (Wire.Is(key, "throttle"u8))
            {
                throttle = Wire.ReadFloat(ref r, "control.throttle");
            }
            else if (Wire.Is(key, "brake"u8))
            {
                brake = Wire.ReadFloat(ref r, "control.brake");
            }
            else if (Wire.Is(key, "hand_brake"u8))
            {
                handBrake = Wire.ReadBool(ref r, "control.hand_brake");
            }
            else if (Wire.Is(key, "reverse"u8))
            {
                reverse = Wire.ReadBool(ref r, "control.reverse");
            }
            else
            {
                throw new BridgeProtocolException($"control.{Wire.KeyText(key)} is unknown; allowed: steer, throttle, brake, hand_brake, reverse.");
            }
        }

        return new VehicleControl(steer, throttle, brake, handBrake, reverse);
    }

    public static void WriteArray(ref MessagePackWriter w, in VehicleControl c)
    {
        w.WriteArrayHeader(5);
        w.Write(c.Steer);
        w.Write(c.Throttle);
        w.Write(c.Brake);
        w.Write(c.HandBrake);
        w.Write(c.Reverse);
    }

    public static VehicleControl ReadArray(ref MessagePackReader r, string field)
    {
        if (Wire.ReadArrayHeader(ref r, field) != 5)
        {
            throw new BridgeProtocolException($"'{field}' must be [steer, throttle, brake, hand_brake, reverse].");
        }

        return new VehicleControl(Wire.ReadFloat(ref r, field), Wire.ReadFloat(ref r, field), Wire.ReadFloat(ref r, field), Wire.ReadBool(ref r, field), Wire.ReadBool(ref r, field));
    }
}
