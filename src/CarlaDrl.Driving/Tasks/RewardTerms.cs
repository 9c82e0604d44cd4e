namespace CarlaDrl.Driving.Tasks;

/// <summary>
/// The reward terms the presets combine, by name. Raw values; weights come from the preset or the config.
/// corl2017's terms follow the CARLA paper's RL reward (corl2017-benchmark.md §7) in metres and m/s converted to its
/// km and km/h; seed's reproduce the original system's formula (seed-system.md §5).
/// </summary>
public static class RewardTerms
{
    private static readonly Dictionary<string, IRewardTerm> All = new IRewardTerm[]
    {
        new RewardTerm("progress", c => c.Progress),
        new RewardTerm("target_speed", c => 1 - Math.Min(Math.Abs(c.Speed - c.TargetSpeed) / Math.Max(c.TargetSpeed, 1), 1)),
        new RewardTerm("lane_centering", c => -Math.Min(Math.Abs(c.Lateral) / 2, 2)),
        new RewardTerm("collision", c => -c.CollisionIncrease / 1000),
        new RewardTerm("other_lane", c => -c.OtherLane),
        new RewardTerm("off_road", c => -c.OffRoad),
        new RewardTerm("steering_smoothness", c => -(c.Steer - c.PreviousSteer) * (c.Steer - c.PreviousSteer)),
        new RewardTerm("failure", c => c.Failed ? -1 : 0),
        new RewardTerm("goal_distance_km", c => (c.RemainingBefore - c.RemainingAfter) / 1000),
        new RewardTerm("speed_change_kmh", c => 3.6 * (c.Speed - c.PreviousSpeed)),
        new RewardTerm("collision_damage", c => -c.CollisionIncrease),
        new RewardTerm("sidewalk_change", c => -(c.OffRoad - c.PreviousOffRoad)),
        new RewardTerm("opposite_lane_change", c => -(c.OtherLane - c.PreviousOtherLane)),
        new RewardTerm("speed_bonus", c => Math.Min(0.1 * c.Speed, 1.0)),
        new RewardTerm("steer_magnitude", c => -Math.Abs(c.Steer)),
        new RewardTerm("throttle_deviation", c => -Math.Abs(c.ThrottleBrake - 0.5)),
        new RewardTerm("alive", _ => 1),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> Names => All.Keys;

    public static bool TryGet(string name, out IRewardTerm term) => All.TryGetValue(name, out term!);
}
