using CarlaDrl.Driving.World;

namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// What episodes a driving env draws: weathers (one per episode, at random), traffic, the route length range (m) and
/// the least number of turns at intersections, and start→goal pairs kept out of training (held-out evaluation routes).
/// </summary>
public sealed record DrivingScenario
{
    public IReadOnlyList<int> Weathers { get; init; } = [1];

    public int NumberOfVehicles { get; init; }

    public int NumberOfPedestrians { get; init; }

    public double MinRouteMeters { get; init; } = 100;

    public double MaxRouteMeters { get; init; } = 400;

    public int MinTurns { get; init; }

    public QualityLevel QualityLevel { get; init; } = QualityLevel.Epic;

    /// <summary>Start→goal spot pairs never drawn (e.g. the evaluation routes).</summary>
    public IReadOnlySet<(int Start, int Goal)> ExcludedRoutes { get; init; } = new HashSet<(int, int)>();

    public DrivingScenario Validate()
    {
        var errors = new List<string>();
        if (Weathers is null || Weathers.Count == 0 || Weathers.Any(w => w is < 0 or >= Weather.Count))
        {
            errors.Add($"scenario.weathers must list weather ids 0..14 ({Weather.AllowedValues}).");
        }

        if (NumberOfVehicles is < 0 or > EpisodeSettings.MaxAgents)
        {
            errors.Add($"scenario.number_of_vehicles = {NumberOfVehicles} is out of range; allowed: 0..{EpisodeSettings.MaxAgents}.");
        }

        if (NumberOfPedestrians is < 0 or > EpisodeSettings.MaxAgents)
        {
            errors.Add($"scenario.number_of_pedestrians = {NumberOfPedestrians} is out of range; allowed: 0..{EpisodeSettings.MaxAgents}.");
        }

        if (!(MinRouteMeters > 0) || !(MaxRouteMeters >= MinRouteMeters))
        {
            errors.Add($"scenario.min_route_meters/max_route_meters = {MinRouteMeters}/{MaxRouteMeters} are invalid; need 0 < min ≤ max.");
        }

        if (MinTurns is < 0 or > 20)
        {
            errors.Add($"scenario.min_turns = {MinTurns} is out of range; allowed: 0..20.");
        }

        return errors.Count == 0 ? this : throw new InvalidSettingsException(errors);
    }
}
