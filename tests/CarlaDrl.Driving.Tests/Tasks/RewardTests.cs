using CarlaDrl.Driving.Tasks;

namespace CarlaDrl.Driving.Tests.Tasks;

public sealed class RewardTests
{
    private static RewardContext Cruise(double speed, double target = 7) => new(
        Progress: 0.7, RemainingBefore: 100, RemainingAfter: 99.3, Speed: speed, PreviousSpeed: speed, TargetSpeed: target,
        Lateral: 0, CollisionIncrease: 0, OffRoad: 0, PreviousOffRoad: 0, OtherLane: 0, PreviousOtherLane: 0,
        Steer: 0, PreviousSteer: 0, ThrottleBrake: 0.5, Failed: false);

    private static double Term(string name, in RewardContext context)
    {
        Assert.True(RewardTerms.TryGet(name, out IRewardTerm term), name);
        return term.Value(context);
    }

    [Theory]
    [InlineData(7.0, 1.0)]
    [InlineData(3.5, 0.5)]
    [InlineData(10.5, 0.5)]
    [InlineData(0.0, 0.0)]
    [InlineData(14.0, 0.0)]
    [InlineData(30.0, 0.0)]
    public void Target_speed_is_a_bonus_that_peaks_at_the_target_and_never_goes_negative(double speed, double expected)
    {
        // A bonus, not a penalty: a negative per-step reward teaches the agent to end episodes early.
        Assert.Equal(expected, Term("target_speed", Cruise(speed)), 12);
    }

    [Fact]
    public void Default_preset_pays_a_clean_cruise_and_charges_failures_collisions_and_leaving_the_road()
    {
        RewardFunction reward = RewardPresets.Create("default");
        Span<double> weighted = stackalloc double[reward.Names.Count];

        double clean = reward.Compute(Cruise(7), weighted);
        Assert.Equal(0.7 + 1.0, clean, 12);

        RewardContext crash = Cruise(7) with { CollisionIncrease = 2000, OffRoad = 0.5, OtherLane = 1, Failed = true };
        double crashed = reward.Compute(crash, weighted);
        int collision = IndexOf(reward, "collision");
        Assert.Equal(-2.0, weighted[collision], 12);
        Assert.Equal(-10.0, weighted[IndexOf(reward, "failure")], 12);
        Assert.Equal(-0.5, weighted[IndexOf(reward, "off_road")], 12);
        Assert.Equal(-0.5, weighted[IndexOf(reward, "other_lane")], 12);
        Assert.Equal(weighted.ToArray().Sum(), crashed, 12);
        Assert.True(crashed < 0);
    }

    [Fact]
    public void Corl2017_preset_is_the_papers_formula_in_its_units()
    {
        // corl2017-benchmark.md: r = 1000·Δd(km) + 0.05·Δv(km/h) − 0.00002·Δc − 2·Δs − 2·Δo
        RewardFunction reward = RewardPresets.Create("corl2017");
        Span<double> weighted = stackalloc double[reward.Names.Count];
        var context = new RewardContext(
            Progress: 2, RemainingBefore: 500, RemainingAfter: 498, Speed: 5, PreviousSpeed: 4, TargetSpeed: 7,
            Lateral: 0, CollisionIncrease: 10_000, OffRoad: 0.25, PreviousOffRoad: 0, OtherLane: 0.5, PreviousOtherLane: 1,
            Steer: 0, PreviousSteer: 0, ThrottleBrake: 0, Failed: false);
        double expected = 1000 * 0.002 + 0.05 * 3.6 - 0.00002 * 10_000 - 2 * 0.25 - 2 * -0.5;
        Assert.Equal(expected, reward.Compute(context, weighted), 12);
    }

    [Fact]
    public void Seed_preset_reproduces_the_original_formula()
    {
        // seed-system.md §5: r = min(0.1·v, 1) − 0.1·|a0| − 0.05·|a1 − 0.5| + 0.01
        RewardFunction reward = RewardPresets.Create("seed");
        Span<double> weighted = stackalloc double[reward.Names.Count];
        RewardContext context = Cruise(4) with { Steer = -0.4, ThrottleBrake = 0.1 };
        Assert.Equal(0.4 - 0.04 - 0.02 + 0.01, reward.Compute(context, weighted), 12);
    }

    [Fact]
    public void Weight_overrides_replace_or_add_terms_and_unknown_names_are_refused_by_name()
    {
        RewardFunction reward = RewardPresets.Create("default", new Dictionary<string, double> { ["target_speed"] = 2, ["alive"] = 0.5 });
        Assert.Equal(2, reward.Weight(IndexOf(reward, "target_speed")));
        Assert.Equal(0.5, reward.Weight(IndexOf(reward, "alive")));
        Assert.Contains("reward/alive", reward.LogKeys);

        var unknown = Assert.Throws<ArgumentException>(() => RewardPresets.Create("default", new Dictionary<string, double> { ["speeed"] = 1 }));
        Assert.Contains("env.reward_weights.speeed", unknown.Message, StringComparison.Ordinal);
        var preset = Assert.Throws<ArgumentException>(() => RewardPresets.Create("fast"));
        Assert.Contains("env.reward_preset = 'fast'", preset.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => RewardPresets.Create("default", new Dictionary<string, double> { ["progress"] = double.NaN }));
    }

    private static int IndexOf(RewardFunction reward, string name)
    {
        int index = reward.Names.ToList().IndexOf(name);
        Assert.True(index >= 0, name);
        return index;
    }
}
