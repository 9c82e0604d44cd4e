namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// Turns measurements into the float vector <c>vehicle_state</c>. Each element is documented with its unit and scale
/// (<see cref="Elements"/>); values are normalised to roughly [−1, 1], bounds in <see cref="Low"/>/<see cref="High"/>.
/// </summary>
public interface IObservationEncoder
{
    /// <summary>The preset's name, e.g. "route".</summary>
    string Name { get; }

    /// <summary>One line per element: what it is, its unit and its scale.</summary>
    IReadOnlyList<string> Elements { get; }

    float[] Low { get; }

    float[] High { get; }

    /// <summary>Writes the encoding into <paramref name="output"/> (length = <see cref="Elements"/>.Count).</summary>
    void Encode(in EncoderInput input, Span<float> output);
}
