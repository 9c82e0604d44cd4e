using CarlaDrl.Learning.Networks;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// PPO hyperparameters. Defaults are the seed's (seed-system.md §6: SB3 PPO with lr 3e-4, n_steps 1024 per env,
/// batch 64, 10 epochs, γ 0.99, λ 0.95, clip 0.2, ent 0.01, vf 0.5, max grad norm 0.5, seed 42) plus SB3's
/// defaults it inherited (Adam eps 1e-5, per-minibatch advantage normalisation, no value clipping, no target KL).
/// Each value is checked when set and a bad one fails with its snake_case key (<c>ppo.n_steps</c>), as the YAML
/// configuration spells it. Settings that depend on the env (batch size versus rollout size) are checked by
/// <see cref="Ppo{TObs}"/>.
/// </summary>
public sealed record PpoConfig
{
    public long Seed { get; init; } = 42;

    /// <summary>Adam step size at the start (<c>ppo.learning_rate</c>).</summary>
    public double LearningRate { get; init => field = Positive(value, "ppo.learning_rate"); } = 3e-4;

    /// <summary>Anneal the learning rate linearly to 0 at the total timesteps (<c>ppo.linear_lr_schedule</c>; SB3's linear_schedule).</summary>
    public bool LinearLrSchedule { get; init; }

    /// <summary>Vector steps per rollout, per env (<c>ppo.n_steps</c>).</summary>
    public int NSteps { get; init => field = AtLeast(value, 1, "ppo.n_steps"); } = 1024;

    /// <summary>Minibatch size in samples (<c>ppo.batch_size</c>).</summary>
    public int BatchSize { get; init => field = AtLeast(value, 2, "ppo.batch_size"); } = 64;

    /// <summary>Passes over each rollout (<c>ppo.n_epochs</c>).</summary>
    public int NEpochs { get; init => field = AtLeast(value, 1, "ppo.n_epochs"); } = 10;

    /// <summary>Discount γ (<c>ppo.gamma</c>).</summary>
    public double Gamma { get; init => field = InRange(value, 0, 1, "ppo.gamma"); } = 0.99;

    /// <summary>GAE λ (<c>ppo.gae_lambda</c>).</summary>
    public double GaeLambda { get; init => field = InRange(value, 0, 1, "ppo.gae_lambda"); } = 0.95;

    /// <summary>Surrogate clipping ε (<c>ppo.clip_range</c>).</summary>
    public double ClipRange { get; init => field = Positive(value, "ppo.clip_range"); } = 0.2;

    /// <summary>Value clipping ε_vf around the rollout's values, or null for none (<c>ppo.clip_range_vf</c>).</summary>
    public double? ClipRangeVf { get; init => field = value is double v ? Positive(v, "ppo.clip_range_vf") : null; }

    /// <summary>Normalise advantages per minibatch (<c>ppo.normalize_advantage</c>).</summary>
    public bool NormalizeAdvantage { get; init; } = true;

    /// <summary>Entropy bonus coefficient (<c>ppo.ent_coef</c>).</summary>
    public double EntCoef { get; init => field = NonNegative(value, "ppo.ent_coef"); } = 0.01;

    /// <summary>Value loss coefficient (<c>ppo.vf_coef</c>).</summary>
    public double VfCoef { get; init => field = NonNegative(value, "ppo.vf_coef"); } = 0.5;

    /// <summary>Global gradient-norm clip (<c>ppo.max_grad_norm</c>).</summary>
    public double MaxGradNorm { get; init => field = Positive(value, "ppo.max_grad_norm"); } = 0.5;

    /// <summary>Stop an update's epochs once approx-KL exceeds 1.5 × this, or null (<c>ppo.target_kl</c>; SB3's rule).</summary>
    public double? TargetKl { get; init => field = value is double v ? Positive(v, "ppo.target_kl") : null; }

    /// <summary>Adam ε (<c>ppo.adam_eps</c>); 1e-5 as SB3 and CleanRL, not PyTorch's 1e-8.</summary>
    public double AdamEps { get; init => field = Positive(value, "ppo.adam_eps"); } = 1e-5;

    /// <summary>Normalise the float vector part of observations with running statistics (<c>ppo.normalize_observations</c>).</summary>
    public bool NormalizeObservations { get; init; }

    /// <summary>Scale rewards by the running std of the discounted return (<c>ppo.normalize_rewards</c>).</summary>
    public bool NormalizeRewards { get; init; }

    /// <summary>Clip for normalised observations (<c>ppo.clip_observations</c>; VecNormalize's clip_obs).</summary>
    public double ClipObservations { get; init => field = Positive(value, "ppo.clip_observations"); } = 10;

    /// <summary>Clip for normalised rewards (<c>ppo.clip_rewards</c>; VecNormalize's clip_reward).</summary>
    public double ClipRewards { get; init => field = Positive(value, "ppo.clip_rewards"); } = 10;

    /// <summary>The network (<c>policy.*</c>).</summary>
    public PolicyConfig Policy { get; init => field = value ?? throw new ArgumentNullException(nameof(value), "ppo.policy must be set."); } = PolicyConfig.Seed;

    /// <summary>
    /// The learning rate after <paramref name="numTimesteps"/> of <paramref name="totalTimesteps"/>: constant, or with
    /// <see cref="LinearLrSchedule"/> SB3's linear schedule, <c>learning_rate × (1 − progress)</c>, floored at 0.
    /// </summary>
    public double LearningRateAt(long numTimesteps, long totalTimesteps)
    {
        if (!LinearLrSchedule)
        {
            return LearningRate;
        }

        return totalTimesteps > 0
            ? LearningRate * Math.Max(0.0, 1.0 - ((double)numTimesteps / totalTimesteps))
            : throw new InvalidOperationException("ppo.linear_lr_schedule needs the total timesteps (Ppo.Learn sets them).");
    }

    private static double Positive(double value, string key) =>
        double.IsFinite(value) && value > 0 ? value : throw Bad(key, value, "must be a finite number > 0");

    private static double NonNegative(double value, string key) =>
        double.IsFinite(value) && value >= 0 ? value : throw Bad(key, value, "must be a finite number >= 0");

    private static double InRange(double value, double low, double high, string key) =>
        value >= low && value <= high ? value : throw Bad(key, value, $"must be in [{low}, {high}]");

    private static int AtLeast(int value, int minimum, string key) =>
        value >= minimum ? value : throw Bad(key, value, $"must be at least {minimum}");

    private static ArgumentOutOfRangeException Bad(string key, object value, string rule) => new(key, value, $"{key} = {value}: {rule}.");
}
