namespace CarlaDrl.Driving.World;

/// <summary>
/// A sensor attached to the player vehicle (spec §9 <c>[CARLA/Sensor/NAME]</c>): position in metres relative to
/// the vehicle pivot (X forward, Y right, Z up) and rotation in degrees.
/// </summary>
public abstract record SensorDefinition
{
    protected SensorDefinition(string name) => Name = name;

    /// <summary>Unique name; the data of each frame is keyed by it. May contain '/' as in CARLA.</summary>
    public string Name { get; init; }

    public abstract SensorType Type { get; }

    public float PositionX { get; init; } = 0.2f;

    public float PositionY { get; init; }

    public float PositionZ { get; init; } = 1.3f;

    public float RotationPitch { get; init; }

    public float RotationYaw { get; init; }

    public float RotationRoll { get; init; }

    /// <summary>Adds this definition's problems to <paramref name="errors"/>, naming each field.</summary>
    internal virtual void Validate(string path, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add($"{path}.Name is empty; give every sensor a unique name (e.g. \"CameraRGB\").");
        }

        CheckFinite(path, nameof(PositionX), PositionX, errors);
        CheckFinite(path, nameof(PositionY), PositionY, errors);
        CheckFinite(path, nameof(PositionZ), PositionZ, errors);
        CheckFinite(path, nameof(RotationPitch), RotationPitch, errors);
        CheckFinite(path, nameof(RotationYaw), RotationYaw, errors);
        CheckFinite(path, nameof(RotationRoll), RotationRoll, errors);
    }

    private protected static void CheckFinite(string path, string field, float value, List<string> errors)
    {
        if (!float.IsFinite(value))
        {
            errors.Add($"{path}.{field} = {value} is not a finite number.");
        }
    }
}
