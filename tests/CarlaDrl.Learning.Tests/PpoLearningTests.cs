using CarlaDrl.Envs;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Networks;
using CarlaDrl.TestKit;
using Xunit.Abstractions;

namespace CarlaDrl.Learning.Tests;

public sealed class PpoLearningTests(ITestOutputHelper output)
{
    [Fact]
    public void Ppo_solves_IdentityEnvBox()
    {
        // SB3's identity test: reward −|a − target|. Per step a uniform random policy scores −2/3 and the untrained
        // (zero-mean) policy −1/2; seeds 1–4 reach −0.03 to −0.06 after 40k steps (~7–25 s on 2 busy cores).
        using var env = ToyEnvs.Identity(numEnvs: 4);
        var config = new PpoConfig { Seed = 1, NSteps = 256, Policy = PolicyConfig.Mlp };
        using var ppo = new Ppo<NDArray<float>>(env, config);
        double before = Evaluate(ppo, steps: 1000);

        Assert.True(ppo.Learn(40 * 1024));

        double after = Evaluate(ppo, steps: 1000);
        output.WriteLine($"mean reward per step: before {before:F3}, after {after:F3}; std {ppo.LastUpdate!.Std:F3}");
        Assert.True(after > -0.2, $"after training the deterministic policy scores {after:F3} per step; random scores -0.667");
        Assert.True(ppo.LastUpdate.Std < 0.5, $"std {ppo.LastUpdate.Std:F3} should shrink from 1");
    }

    /// <summary>Mean reward per step of the deterministic policy on fresh targets.</summary>
    private static double Evaluate(Ppo<NDArray<float>> ppo, int steps)
    {
        using var env = new IdentityEnvBox(steps);
        var observation = env.Reset(seed: 12345).Observation;
        double total = 0;
        for (int t = 0; t < steps; t++)
        {
            total += env.Step(ppo.Predict([observation], deterministic: true)[0]).Reward;
        }

        return total / steps;
    }
}
