namespace CarlaDrl.Driving.World;

/// <summary>
/// What a new episode asks of a world: CARLA 0.8.4's <c>CarlaSettings</c> (spec §9) as an immutable record.
/// Defaults are the Python client's. The town is a property of the world (as the level is of a CARLA server),
/// not of the episode.
/// </summary>
public sealed record EpisodeSettings
{
    /// <summary>Upper bound on agents per episode (a guard against typos; CARLA towns hold far fewer).</summary>
    public const int MaxAgents = 1000;

    /// <summary>Lockstep: the world advances one tick per control (spec §5).</summary>
    public bool SynchronousMode { get; init; } = true;

    /// <summary>Fill <see cref="Measurements.NonPlayerAgents"/> every frame.</summary>
    public bool SendNonPlayerAgentsInfo { get; init; }

    public int NumberOfVehicles { get; init; } = 20;

    public int NumberOfPedestrians { get; init; } = 30;

    /// <summary>Weather preset 0..14 (<see cref="Weather"/>).</summary>
    public int WeatherId { get; init; } = 1;

    /// <summary>Seed of vehicle spawning and routes; null draws one (CARLA's <c>randomize_seeds</c>).</summary>
    public int? SeedVehicles { get; init; }

    /// <summary>Seed of pedestrian spawning and walks; null draws one.</summary>
    public int? SeedPedestrians { get; init; }

    public QualityLevel QualityLevel { get; init; } = QualityLevel.Epic;

    public bool DisableTwoWheeledVehicles { get; init; }

    /// <summary>Sensors on the player vehicle, in order; names must be unique.</summary>
    public IReadOnlyList<SensorDefinition> Sensors { get; init; } = [];

    /// <summary>Throws <see cref="InvalidSettingsException"/> naming every invalid field and its allowed values.</summary>
    public EpisodeSettings Validate()
    {
        var errors = new List<string>();
        if (NumberOfVehicles is < 0 or > MaxAgents)
        {
            errors.Add($"EpisodeSettings.NumberOfVehicles = {NumberOfVehicles} is out of range; allowed: 0..{MaxAgents}.");
        }

        if (NumberOfPedestrians is < 0 or > MaxAgents)
        {
            errors.Add($"EpisodeSettings.NumberOfPedestrians = {NumberOfPedestrians} is out of range; allowed: 0..{MaxAgents}.");
        }

        if (WeatherId is < 0 or >= Weather.Count)
        {
            errors.Add($"EpisodeSettings.WeatherId = {WeatherId} is out of range; allowed: {Weather.AllowedValues}.");
        }

        if (!Enum.IsDefined(QualityLevel))
        {
            errors.Add($"EpisodeSettings.QualityLevel = {(int)QualityLevel} is unknown; allowed: Low, Medium, High, Epic.");
        }

        if (Sensors is null)
        {
            errors.Add("EpisodeSettings.Sensors is null; use an empty list for no sensors.");
        }
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < Sensors.Count; i++)
            {
                SensorDefinition? sensor = Sensors[i];
                string path = $"EpisodeSettings.Sensors[{i}]";
                if (sensor is null)
                {
                    errors.Add($"{path} is null.");
                    continue;
                }

                if (sensor is not CameraDefinition and not LidarDefinition and not BirdEyeViewDefinition)
                {
                    errors.Add($"{path} has unknown sensor type {sensor.GetType().Name}; allowed: CameraDefinition (CAMERA), LidarDefinition (LIDAR_RAY_CAST), BirdEyeViewDefinition (embedded world only).");
                    continue;
                }

                sensor.Validate(path, errors);
                if (!string.IsNullOrWhiteSpace(sensor.Name) && !names.Add(sensor.Name))
                {
                    errors.Add($"{path}.Name = \"{sensor.Name}\" is used twice; sensor names must be unique.");
                }
            }
        }

        return errors.Count == 0 ? this : throw new InvalidSettingsException(errors);
    }
}
