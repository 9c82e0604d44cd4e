using CarlaDrl.Envs.Tests.Fakes;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.TestKit;

namespace CarlaDrl.Envs.Tests;

public sealed class EnvCheckerTests
{
    [Fact]
    public void The_counting_env_passes_every_check()
    {
        var report = EnvChecker.Check(() => new CountingEnv());
        Assert.Contains("step-before-reset", report.PassedChecks);
        Assert.Contains("reset-determinism", report.PassedChecks);
        Assert.Contains("step-determinism", report.PassedChecks);
        Assert.Contains("step-after-episode-end", report.PassedChecks);
        Assert.Contains("unseeded-reset", report.PassedChecks);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void The_identity_env_passes()
    {
        var report = EnvChecker.Check(() => new IdentityEnvBox(episodeLength: 20));
        Assert.Equal(10, report.PassedChecks.Count);
    }

    [Fact]
    public void A_wrapped_env_passes_when_its_statistics_are_frozen()
    {
        var report = EnvChecker.Check(() =>
        {
            IEnv<DictObservation, NDArray<float>> env = new CountingEnv(50, 60);
            env = new TimeLimit<DictObservation, NDArray<float>>(env, 20);
            env = new RecordEpisodeStatistics<DictObservation, NDArray<float>>(env);
            env = new ClipAction<DictObservation>(env);
            return new NormalizeDictObservation<NDArray<float>>(env, ["state"]) { UpdateRunningMean = false };
        });
        Assert.Contains("step-determinism", report.PassedChecks);
    }

    [Fact]
    public void An_env_that_already_ran_is_checked_without_the_fresh_env_check()
    {
        using var env = new CountingEnv();
        env.Reset(seed: 3);
        var report = EnvChecker.Check(env);
        Assert.DoesNotContain("step-before-reset", report.PassedChecks);
        Assert.Contains(report.Warnings, w => w.Contains("step-before-reset not checked", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Flaw.IgnoresSeed, "reset-determinism")]
    [InlineData(Flaw.ObservationOutOfSpace, "step-outputs: the observation of step 3")]
    [InlineData(Flaw.NonFiniteReward, "step-outputs: the reward of step 2 is NaN")]
    [InlineData(Flaw.NoOrderEnforcement, "step-before-reset: Step did not throw ResetNeededException")]
    [InlineData(Flaw.NoOrderEnforcement, "step-after-episode-end: Step did not throw ResetNeededException")]
    public void Each_flaw_fails_the_check_that_names_it(Flaw flaw, string expectedFailure)
    {
        var error = Assert.Throws<EnvCheckException>(() => EnvChecker.Check(() => new FlawedEnv(flaw)));
        Assert.Contains(error.Failures, f => f.StartsWith(expectedFailure, StringComparison.Ordinal));
        Assert.Contains(expectedFailure, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_env_that_ignores_its_seed_also_fails_step_determinism()
    {
        var error = Assert.Throws<EnvCheckException>(() => EnvChecker.Check(() => new FlawedEnv(Flaw.IgnoresSeed)));
        Assert.Contains(error.Failures, f => f.StartsWith("step-determinism", StringComparison.Ordinal));
        Assert.Contains("observation[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_flawless_variant_passes_and_order_enforcing_repairs_the_missing_order_checks()
    {
        EnvChecker.Check(() => new FlawedEnv(Flaw.None));
        var report = EnvChecker.Check(() => new OrderEnforcing<NDArray<float>, NDArray<float>>(new FlawedEnv(Flaw.NoOrderEnforcement)));
        Assert.Contains("step-before-reset", report.PassedChecks);
        Assert.Contains("step-after-episode-end", report.PassedChecks);
    }
}
