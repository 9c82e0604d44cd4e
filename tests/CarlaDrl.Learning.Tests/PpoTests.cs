using CarlaDrl.Envs;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Metrics;
using CarlaDrl.Learning.Networks;
using CarlaDrl.TestKit;
using TorchSharp;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Tests;

public sealed class PpoTests
{
    /// <summary>A small network for CountingEnv's 4×4×3 camera and 3-d state: the image path without the cost.</summary>
    internal static readonly PpoConfig SmallDictConfig = new()
    {
        Seed = 5,
        NSteps = 16,
        BatchSize = 16,
        NEpochs = 2,
        Policy = PolicyConfig.Seed with { ConvLayers = [new(4, 2, 1)], ExtractorLayers = [32], PiLayers = [16], VfLayers = [16] },
    };

    [Fact]
    public void The_same_seed_gives_identical_parameters_after_training()
    {
        var first = TrainCounting(SmallDictConfig, iterations: 3);
        var second = TrainCounting(SmallDictConfig, iterations: 3);
        var other = TrainCounting(SmallDictConfig with { Seed = 6 }, iterations: 3);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Threaded_and_sync_vector_envs_train_identically()
    {
        var sync = TrainCounting(SmallDictConfig, iterations: 2);
        using var env = new ThreadedVectorEnv<DictObservation, NDArray<float>>(
            [.. Enumerable.Range(0, 3).Select(_ => (Func<IEnv<DictObservation, NDArray<float>>>)(() => new RecordEpisodeStatistics<DictObservation, NDArray<float>>(new CountingEnv())))]);
        using var ppo = new Ppo<DictObservation>(env, SmallDictConfig);
        ppo.Learn(2 * 16 * 3);

        Assert.Equal(sync, Flatten(ppo));
    }

    [Fact]
    public void Every_update_logs_SB3s_keys_at_the_timestep_count()
    {
        using var env = ToyEnvs.Identity(numEnvs: 2, episodeLength: 10);
        using var sink = new MemorySink();
        using var ppo = new Ppo<NDArray<float>>(env, new PpoConfig { NSteps = 20, BatchSize = 8, NEpochs = 1, Policy = PolicyConfig.Mlp }, sink);
        ppo.Learn(80);

        string[] keys =
        [
            "rollout/ep_rew_mean", "rollout/ep_len_mean", "time/fps", "train/approx_kl", "train/clip_fraction",
            "train/clip_range", "train/entropy_loss", "train/explained_variance", "train/policy_gradient_loss",
            "train/value_loss", "train/std", "train/learning_rate", "train/loss", "train/n_updates", "charts/SPS",
        ];
        foreach (string key in keys)
        {
            Assert.Equal([40L, 80L], sink.Scalars.Where(s => s.Key == key).Select(s => s.Step).ToArray());
        }

        Assert.Equal(-1.419, sink.Values("train/entropy_loss")[0], 1); // std ≈ 1: −1.419 nats per action dimension (SB3: −2.82 for 2)
        Assert.Equal([10.0, 10.0], sink.Values("rollout/ep_len_mean"));
        Assert.Equal([1.0, 2.0], sink.Values("train/n_updates"));
        Assert.Contains(sink.Texts, t => t.Key == "hyperparameters" && t.Text.Contains("\"n_steps\": 20", StringComparison.Ordinal));
        Assert.Equal(2, sink.FlushCount);
    }

    [Fact]
    public void Episode_metrics_are_averaged_over_the_episodes_of_each_rollout()
    {
        // 2 envs, episodes of 10 steps, rollouts of 20: each env ends episodes 1 and 2 in the first rollout, 3 and 4 in the second.
        using var env = ToyEnvs.Identity(numEnvs: 2, episodeLength: 10);
        using var sink = new MemorySink();
        using var ppo = new Ppo<NDArray<float>>(env, new PpoConfig { NSteps = 20, BatchSize = 8, NEpochs = 1, Policy = PolicyConfig.Mlp }, sink);
        ppo.Learn(80);

        Assert.Equal([1.5, 3.5], sink.Values("test/episode_index"));
        Assert.Equal(8, ppo.Episodes.TotalEpisodes);
    }

    [Fact]
    public void The_learning_rate_decays_linearly_to_zero_over_the_total_timesteps()
    {
        using var env = ToyEnvs.Identity(numEnvs: 2);
        using var sink = new MemorySink();
        var config = new PpoConfig { NSteps = 8, BatchSize = 8, NEpochs = 1, LinearLrSchedule = true, Policy = PolicyConfig.Mlp };
        using var ppo = new Ppo<NDArray<float>>(env, config, sink);
        ppo.Learn(4 * 16);

        // SB3 updates the rate at the start of each update, after the rollout: progress 1/4, 2/4, 3/4, 4/4.
        Assert.Equal([2.25e-4, 1.5e-4, 0.75e-4, 0], sink.Values("train/learning_rate").Select(v => Math.Round(v, 10)));
        Assert.Equal(3e-4, new PpoConfig().LearningRateAt(1000, 2000));
    }

    [Fact]
    public void A_target_kl_stops_the_update_before_the_first_minibatch_that_exceeds_it()
    {
        using var env = ToyEnvs.Identity(numEnvs: 2);
        // The first minibatch sees the rollout's own policy (KL 0) and is applied; the second then exceeds 1.5 × 1e-12.
        var config = new PpoConfig { NSteps = 32, BatchSize = 16, NEpochs = 10, TargetKl = 1e-12, Policy = PolicyConfig.Mlp };
        using var ppo = new Ppo<NDArray<float>>(env, config);
        ppo.Learn(64);

        Assert.True(ppo.LastUpdate!.StoppedEarly);
        Assert.Equal(1, ppo.GradientSteps);
        Assert.Equal(1, ppo.NUpdates);
    }

    [Fact]
    public void Config_errors_name_the_key()
    {
        var nSteps = Assert.Throws<ArgumentOutOfRangeException>(() => new PpoConfig { NSteps = 0 });
        Assert.Contains("ppo.n_steps", nSteps.Message, StringComparison.Ordinal);
        var gamma = Assert.Throws<ArgumentOutOfRangeException>(() => new PpoConfig { Gamma = 1.5 });
        Assert.Contains("ppo.gamma", gamma.Message, StringComparison.Ordinal);

        using var env = ToyEnvs.Identity(numEnvs: 2);
        var batch = Assert.Throws<ArgumentException>(() => new Ppo<NDArray<float>>(env, new PpoConfig { NSteps = 8, BatchSize = 64 }));
        Assert.Contains("ppo.batch_size", batch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stored_actions_are_unclipped_and_env_actions_are_clipped()
    {
        var recorder = new ActionRecorder(new IdentityEnvBox());
        using var env = new SyncVectorEnv<NDArray<float>, NDArray<float>>([() => recorder]);
        // log std 1 (std e): most samples fall outside [−1, 1].
        using var ppo = new Ppo<NDArray<float>>(env, new PpoConfig { NSteps = 64, BatchSize = 64, NEpochs = 1, Policy = PolicyConfig.Mlp with { LogStdInit = 1 } });
        ppo.CollectRollout();

        Assert.All(recorder.Actions, a => Assert.InRange(a, -1f, 1f));
        var stored = ppo.Buffer.Actions.data<float>().ToArray();
        Assert.Contains(stored, a => Math.Abs(a) > 1);
        Assert.Equal(stored.Select(a => Math.Clamp(a, -1f, 1f)), recorder.Actions);
    }

    [Fact]
    public void A_truncation_without_the_final_observation_is_refused()
    {
        using var env = new TruncatingWithoutFinalObservation();
        using var ppo = new Ppo<NDArray<float>>(env, new PpoConfig { NSteps = 8, BatchSize = 8, Policy = PolicyConfig.Mlp });

        var error = Assert.Throws<InvalidOperationException>(() => ppo.CollectRollout());
        Assert.Contains(InfoKeys.FinalObservation, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_do_not_leak_across_iterations()
    {
        using var env = ToyEnvs.Counting(numEnvs: 2);
        using var ppo = new Ppo<DictObservation>(env, SmallDictConfig);
        using var probe = new CountingEnv();
        var observation = probe.Reset(seed: 1).Observation;
        ppo.CollectRollout();
        ppo.Update();
        ppo.Predict([observation], deterministic: false);
        CollectGarbage();
        long live = Tensor.TotalCount;
        var statistics = DisposeScopeManager.Statistics;
        statistics.Reset();

        for (int i = 0; i < 5; i++)
        {
            ppo.CollectRollout();
            ppo.Update();
            ppo.Predict([observation], deterministic: false);
        }

        // Every tensor of a step or minibatch was made inside a dispose scope and disposed by it: nothing is left
        // for the garbage collector (whose late finalisers are what grew RSS to 1 GB: ENVIRONMENT.md).
        Assert.Equal(0, statistics.CreatedOutsideScopeCount);
        Assert.True(statistics.CreatedInScopeCount > 1000);
        Assert.Equal(statistics.CreatedInScopeCount, statistics.DisposedInScopeCount);
        Assert.Equal(0, statistics.ThreadTotalLiveCount);
        Assert.True(Tensor.TotalCount <= live, $"{Tensor.TotalCount - live} more live tensors after 5 iterations");
    }

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    internal static float[] TrainCounting(PpoConfig config, int iterations)
    {
        using var env = ToyEnvs.Counting(numEnvs: 3);
        using var ppo = new Ppo<DictObservation>(env, config);
        ppo.Learn((long)iterations * config.NSteps * 3);
        return Flatten(ppo);
    }

    internal static float[] Flatten<TObs>(Ppo<TObs> ppo)
        where TObs : notnull
    {
        using var scope = NewDisposeScope();
        return ppo.Policy.parameters().SelectMany(p => p.detach().flatten().data<float>().ToArray()).ToArray();
    }

    /// <summary>A vector env that breaks the same-step autoreset contract: it truncates without a final observation.</summary>
    private sealed class TruncatingWithoutFinalObservation : IVectorEnv<NDArray<float>, NDArray<float>>
    {
        private readonly NDArray<float>[] _observations = [new(1)];
        private readonly Info[] _infos = [new()];

        public int NumEnvs => 1;

        public CarlaDrl.Envs.Spaces.Space<NDArray<float>> SingleObservationSpace { get; } = new CarlaDrl.Envs.Spaces.Box<float>(-1f, 1f, 1);

        public CarlaDrl.Envs.Spaces.Space<NDArray<float>> SingleActionSpace { get; } = new CarlaDrl.Envs.Spaces.Box<float>(-1f, 1f, 1);

        public VectorResetResult<NDArray<float>> Reset(long? seed = null) => new(_observations, _infos);

        public VectorStepResult<NDArray<float>> Step(ReadOnlySpan<NDArray<float>> actions) => new(_observations, [0.0], [false], [true], _infos);

        public void Dispose()
        {
        }
    }

    /// <summary>Records every action the env receives.</summary>
    private sealed class ActionRecorder(IEnv<NDArray<float>, NDArray<float>> env) : Wrapper<NDArray<float>, NDArray<float>>(env)
    {
        public List<float> Actions { get; } = [];

        public override StepResult<NDArray<float>> Step(NDArray<float> action)
        {
            Actions.AddRange(action.Data);
            return Env.Step(action);
        }
    }
}
