namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// The original system's 6 values (seed-system.md §5: x, y, yaw, forward speed, ax, ay), normalised and with the yaw
/// in radians as its bounds always claimed.
/// </summary>
public sealed class SeedStateEncoder : IObservationEncoder
{
    public string Name => "seed";

    public IReadOnlyList<string> Elements { get; } =
    [
        "x: world position, m / 500",
        "y: world position, m / 500",
        "yaw: radians / π",
        "forward speed: m/s / 10",
        "ax: world acceleration, m/s² / 10",
        "ay: world acceleration, m/s² / 10",
    ];

    public float[] Low { get; } = [-2, -2, -1, -5, -5, -5];

    public float[] High { get; } = [2, 2, 1, 5, 5, 5];

    public void Encode(in EncoderInput input, Span<float> output)
    {
        var p = input.Player;
        output[0] = Math.Clamp(p.Transform.Location.X / 500f, -2f, 2f);
        output[1] = Math.Clamp(p.Transform.Location.Y / 500f, -2f, 2f);
        output[2] = (float)(Geometry.Angles.WrapDegrees(p.Transform.Rotation.YawDegrees) / 180.0);
        output[3] = Math.Clamp(p.ForwardSpeed / 10f, -5f, 5f);
        output[4] = Math.Clamp(p.Acceleration.X / 10f, -5f, 5f);
        output[5] = Math.Clamp(p.Acceleration.Y / 10f, -5f, 5f);
    }
}
