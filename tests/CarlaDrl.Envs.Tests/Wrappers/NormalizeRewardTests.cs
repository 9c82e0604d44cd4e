using CarlaDrl.Envs.Tests.Fakes;
using CarlaDrl.Envs.Wrappers;

namespace CarlaDrl.Envs.Tests.Wrappers;

public sealed class NormalizeRewardTests
{
    [Fact]
    public void Rewards_are_scaled_by_the_running_std_of_the_discounted_return()
    {
        // Expected values computed by hand (a short Python script) from G = 0.9 * G + r, G reset after each episode,
        // Gymnasium's update_from_moments on G with count starting at 1e-4, and r / sqrt(var + 1e-8).
        double[] expected = [70.71421321062337, 2.1050357671332236, 1.585833752934439, 2.384817572045432, 1.9440960840771095];
        using var env = new NormalizeReward<int, int>(new ScriptedRewardEnv([1, 2, 3], [4, 5]), gamma: 0.9);

        var actual = new List<double>();
        env.Reset(seed: 0);
        for (int t = 0; t < 3; t++)
        {
            actual.Add(env.Step(0).Reward);
        }

        Assert.Equal(0, env.DiscountedReturn);
        env.Reset();
        for (int t = 0; t < 2; t++)
        {
            actual.Add(env.Step(0).Reward);
        }

        Assert.Equal(expected, actual, (a, b) => Math.Abs(a - b) < 1e-9 * Math.Abs(a));
    }

    [Fact]
    public void Frozen_statistics_scale_by_the_restored_variance()
    {
        using var env = new NormalizeReward<int, int>(new ScriptedRewardEnv([2, 6])) { UpdateRunningMean = false };
        env.ReturnStatistics.SetState(new RunningMeanStdState([0], [4 - 1e-8], 7));
        env.Reset(seed: 0);
        Assert.Equal(1.0, env.Step(0).Reward, 12);
        Assert.Equal(3.0, env.Step(0).Reward, 12);
        Assert.Equal(7, env.ReturnStatistics.Count);
    }

    [Fact]
    public void Gamma_must_be_a_discount()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NormalizeReward<int, int>(new ScriptedRewardEnv([1]), gamma: 1.5));
    }
}
