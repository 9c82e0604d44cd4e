using CarlaDrl.Learning.Algorithms;

namespace CarlaDrl.Learning.Tests;

public sealed class GaeTests
{
    [Theory]
    [InlineData(0.99, 0.0)]
    [InlineData(0.9, 3.5)]
    public void With_lambda_1_the_returns_are_the_discounted_reward_whatever_the_constant_value(double gamma, double value)
    {
        // SB3's test_gae trick: one episode of length 6, reward 1 only at its last (terminated) step, V ≡ value.
        const int length = 6;
        var rewards = new float[length];
        rewards[^1] = 1;
        var terminated = new bool[length];
        terminated[^1] = true;
        var (advantages, returns) = Run(rewards, Enumerable.Repeat((float)value, length).ToArray(), terminated, new bool[length], new float[length], [123f], gamma, 1.0);

        for (int t = 0; t < length; t++)
        {
            Assert.Equal(Math.Pow(gamma, length - 1 - t), returns[t], 5);
            Assert.Equal(Math.Pow(gamma, length - 1 - t) - value, advantages[t], 5);
        }
    }

    [Fact]
    public void With_zero_values_the_advantage_decays_by_gamma_lambda()
    {
        const int length = 5;
        var rewards = new float[length];
        rewards[^1] = 1;
        var terminated = new bool[length];
        terminated[^1] = true;
        var (advantages, _) = Run(rewards, new float[length], terminated, new bool[length], new float[length], [0f], 0.9, 0.5);

        for (int t = 0; t < length; t++)
        {
            Assert.Equal(Math.Pow(0.45, length - 1 - t), advantages[t], 6);
        }
    }

    [Fact]
    public void A_hand_computed_two_step_rollout()
    {
        // γ = 0.9, λ = 0.8, V = (0.5, 1.0), V(s_2) = 3:
        // δ1 = 2 + 0.9·3 − 1 = 3.7;  A1 = 3.7
        // δ0 = 1 + 0.9·1 − 0.5 = 1.4;  A0 = 1.4 + 0.9·0.8·3.7 = 4.064
        var (advantages, returns) = Run([1f, 2f], [0.5f, 1f], new bool[2], new bool[2], new float[2], [3f], 0.9, 0.8);

        Assert.Equal(4.064, advantages[0], 5);
        Assert.Equal(3.7, advantages[1], 5);
        Assert.Equal(4.564, returns[0], 5);
        Assert.Equal(4.7, returns[1], 5);
    }

    [Fact]
    public void A_terminated_step_neither_bootstraps_nor_carries_the_next_episode_back()
    {
        // Step 0 terminates; step 1 belongs to the next episode (same-step autoreset).
        var (advantages, _) = Run([1f, 2f], [0.5f, 1f], [true, false], new bool[2], [99f, 0f], [3f], 0.9, 0.8);

        Assert.Equal(1 - 0.5, advantages[0], 6);
        Assert.Equal(2 + (0.9 * 3) - 1, advantages[1], 5);
    }

    [Fact]
    public void A_truncated_step_bootstraps_from_the_final_observations_value_as_SB3_adds_it_to_the_reward()
    {
        const double gamma = 0.9, lambda = 0.8;
        var (advantages, returns) = Run([1f, 2f], [0.5f, 1f], new bool[2], [true, false], [5f, 0f], [3f], gamma, lambda);

        // Ours: δ0 = r0 + γ V(final) − V0, cut at the episode end.
        Assert.Equal(1 + (gamma * 5) - 0.5, advantages[0], 5);
        Assert.Equal(1 + (gamma * 5), returns[0], 5);

        // SB3: reward += γ V(final), then the step is simply done.
        var (sb3, _) = Run([1f + (float)(gamma * 5), 2f], [0.5f, 1f], [true, false], new bool[2], new float[2], [3f], gamma, lambda);
        Assert.Equal(sb3, advantages);
    }

    [Fact]
    public void Terminated_wins_over_truncated()
    {
        var (advantages, _) = Run([1f], [0.5f], [true], [true], [5f], [3f], 0.9, 0.8);
        Assert.Equal(0.5, advantages[0], 6);
    }

    [Fact]
    public void Envs_are_independent_in_the_time_major_layout()
    {
        // Two envs, two steps: index t * 2 + i. Env 1 equals the two-step example; env 0 terminates at step 1.
        var (advantages, _) = Run(
            rewards: [0f, 1f, 1f, 2f],
            values: [0f, 0.5f, 0f, 1f],
            terminated: [false, false, true, false],
            truncated: new bool[4],
            finalValues: new float[4],
            lastValues: [10f, 3f],
            gamma: 0.9,
            lambda: 0.8);

        Assert.Equal([0.72f, 4.064f, 1f, 3.7f], advantages.Select(a => MathF.Round(a, 4)).ToArray());
    }

    [Fact]
    public void Mismatched_lengths_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Run([1f, 2f, 3f], [0f, 0f, 0f], new bool[3], new bool[3], new float[3], [0f, 0f], 0.9, 0.9));
    }

    [Fact]
    public void A_discarded_step_has_no_advantage_and_the_step_before_bootstraps_from_the_last_good_observation()
    {
        // One env, 4 steps: step 2's transition was cut by a lost connection (truncated, flagged discarded); step 3
        // belongs to the next episode. γ = 0.9, λ = 0.8.
        float[] rewards = [1f, 2f, 0f, 3f], values = [10f, 20f, 30f, 40f];
        bool[] truncated = [false, false, true, false], discarded = [false, false, true, false];
        float[] finalValues = [0f, 0f, 999f, 0f]; // whatever the final observation's value, it must not be used
        var advantages = new float[4];
        var returns = new float[4];
        Gae.Compute(rewards, values, new bool[4], truncated, finalValues, [50f], 0.9, 0.8, advantages, returns, discarded);

        double a3 = 3 + (0.9 * 50) - 40;        // the next episode: unaffected
        double a2 = 0;                          // discarded: no advantage, return = V(s_2)
        double a1 = 2 + (0.9 * 30) - 20 + 0;    // bootstraps from V(s_2), the last good observation, and stops there
        double a0 = 1 + (0.9 * 20) - 10 + (0.9 * 0.8 * a1);
        Assert.Equal([a0, a1, a2, a3], advantages.Select(a => (double)a).ToArray(), new Tolerance(1e-4));
        Assert.Equal(30f, returns[2]);
        Assert.Equal(a1 + 20, returns[1], 4);

        // Without the flag the same arrays give the ordinary truncation (bootstrapping from finalValues).
        Gae.Compute(rewards, values, new bool[4], truncated, finalValues, [50f], 0.9, 0.8, advantages, returns);
        Assert.Equal(0 + (0.9 * 999) - 30, advantages[2], 3);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }

    private static (float[] Advantages, float[] Returns) Run(
        float[] rewards, float[] values, bool[] terminated, bool[] truncated, float[] finalValues, float[] lastValues, double gamma, double lambda)
    {
        var advantages = new float[rewards.Length];
        var returns = new float[rewards.Length];
        Gae.Compute(rewards, values, terminated, truncated, finalValues, lastValues, gamma, lambda, advantages, returns);
        return (advantages, returns);
    }
}
