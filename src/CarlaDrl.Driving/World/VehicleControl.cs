namespace CarlaDrl.Driving.World;

/// <summary>
/// A control as CARLA 0.8.4 takes it (protocol spec §4 <c>Control</c>, §6 "Control ranges"):
/// <see cref="Steer"/> −1 (full left) … 1 (full right), <see cref="Throttle"/> and <see cref="Brake"/> 0 … 1,
/// <see cref="HandBrake"/>, and <see cref="Reverse"/> (selects gear −1; false returns to automatic gear 1).
/// </summary>
public readonly record struct VehicleControl(float Steer, float Throttle, float Brake, bool HandBrake = false, bool Reverse = false)
{
    /// <summary>The all-zero control (an empty body on the wire).</summary>
    public static readonly VehicleControl Neutral;

    /// <summary>This control with every value clamped to its documented range; NaN becomes 0.</summary>
    public VehicleControl Clamped() => new(
        ClampOr0(Steer, -1f, 1f),
        ClampOr0(Throttle, 0f, 1f),
        ClampOr0(Brake, 0f, 1f),
        HandBrake,
        Reverse);

    public override string ToString() =>
        $"steer {Steer:0.###} throttle {Throttle:0.###} brake {Brake:0.###}{(HandBrake ? " hand-brake" : "")}{(Reverse ? " reverse" : "")}";

    private static float ClampOr0(float value, float min, float max) => float.IsNaN(value) ? 0f : Math.Clamp(value, min, max);
}
