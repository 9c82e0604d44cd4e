namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// The reward presets: <c>default</c> (progress along the route with shaping for speed, centring, smoothness and
/// penalties for collisions, leaving the lane or the road and failing), <c>corl2017</c> (the CARLA paper's RL reward)
/// and <c>seed</c> (the original system's formula, for comparison). Weights can be overridden term by term.
/// </summary>
public static class RewardPresets
{
    private static readonly Dictionary<string, (string Term, double Weight)[]> Presets = new(StringComparer.Ordinal)
    {
        ["default"] =
        [
            ("progress", 1.0), ("target_speed", 1.0), ("lane_centering", 0.2), ("collision", 1.0),
            ("other_lane", 0.5), ("off_road", 1.0), ("steering_smoothness", 0.1), ("failure", 10.0),
        ],
        ["corl2017"] =
        [
            ("goal_distance_km", 1000), ("speed_change_kmh", 0.05), ("collision_damage", 0.00002),
            ("sidewalk_change", 2), ("opposite_lane_change", 2),
        ],
        ["seed"] =
        [
            ("speed_bonus", 1.0), ("steer_magnitude", 0.1), ("throttle_deviation", 0.05), ("alive", 0.01),
        ],
    };

    public static IReadOnlyCollection<string> Names => Presets.Keys;

    /// <summary>A preset with optional weight overrides (a term not in the preset is added with its weight).</summary>
    public static RewardFunction Create(string preset, IReadOnlyDictionary<string, double>? weights = null)
    {
        if (!Presets.TryGetValue(preset, out (string Term, double Weight)[]? terms))
        {
            throw new ArgumentException($"env.reward_preset = '{preset}' is unknown; allowed: {string.Join(", ", Presets.Keys)}.", nameof(preset));
        }

        var list = terms.Select(t => (t.Term, t.Weight)).ToList();
        foreach ((string name, double weight) in weights ?? new Dictionary<string, double>())
        {
            if (!RewardTerms.TryGet(name, out _))
            {
                throw new ArgumentException($"env.reward_weights.{name} is not a reward term; allowed: {string.Join(", ", RewardTerms.Names)}.", nameof(weights));
            }

            if (!double.IsFinite(weight))
            {
                throw new ArgumentException($"env.reward_weights.{name} = {weight} is not a finite number.", nameof(weights));
            }

            int index = list.FindIndex(t => t.Term == name);
            if (index >= 0)
            {
                list[index] = (name, weight);
            }
            else
            {
                list.Add((name, weight));
            }
        }

        return new RewardFunction(preset, list.Select(t => { RewardTerms.TryGet(t.Term, out IRewardTerm term); return (term, t.Weight); }).ToList());
    }
}
