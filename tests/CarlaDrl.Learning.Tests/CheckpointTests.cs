using CarlaDrl.Envs;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Tests;

public sealed class CheckpointTests : IDisposable
{
    private static readonly PpoConfig Config = PpoTests.SmallDictConfig with { NormalizeObservations = true, NormalizeRewards = true };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "carladrl-ckpt-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Save_then_load_restores_parameters_adam_moments_counters_rngs_and_statistics()
    {
        string path = Path.Combine(_directory, "a.zip");
        using var envA = ToyEnvs.Counting(3);
        using var saved = new Ppo<DictObservation>(envA, Config);
        saved.Learn(2 * 16 * 3);
        saved.Save(path);

        using var envB = ToyEnvs.Counting(3);
        using var loaded = new Ppo<DictObservation>(envB, Config);
        loaded.Load(path);

        Assert.Equal(PpoTests.Flatten(saved), PpoTests.Flatten(loaded));
        var (stateA, stateB) = (AdamStates(saved), AdamStates(loaded));
        Assert.Equal(stateA.Count, stateB.Count);
        for (int i = 0; i < stateA.Count; i++)
        {
            Assert.Equal(12, stateA[i].step); // 2 iterations × 2 epochs × 3 minibatches of 16
            Assert.Equal(stateA[i].step, stateB[i].step);
            Assert.True(stateA[i].exp_avg.eq(stateB[i].exp_avg).all().item<bool>());
            Assert.True(stateA[i].exp_avg_sq.eq(stateB[i].exp_avg_sq).all().item<bool>());
        }

        Assert.Equal((96L, 2L, 4L, 12L), (loaded.NumTimesteps, loaded.Iterations, loaded.NUpdates, loaded.GradientSteps));
        Assert.Equal(saved.ShuffleRng.GetState(), loaded.ShuffleRng.GetState());
        Assert.Equal(saved.ShuffleRng.NextUInt64(), loaded.ShuffleRng.NextUInt64());
        using (NewDisposeScope())
        {
            Assert.Equal(saved.Generator.get_state().data<byte>().ToArray(), loaded.Generator.get_state().data<byte>().ToArray());
            Assert.Equal(randn(4, generator: saved.Generator).data<float>().ToArray(), randn(4, generator: loaded.Generator).data<float>().ToArray());
        }

        Assert.Equal(saved.ObservationNormalizer!.GetState().Mean, loaded.ObservationNormalizer!.GetState().Mean);
        Assert.Equal(saved.ObservationNormalizer.GetState().Count, loaded.ObservationNormalizer.GetState().Count);
        Assert.Equal(saved.RewardNormalizer!.GetState().Var, loaded.RewardNormalizer!.GetState().Var);
        Assert.Equal(saved.Episodes.GetState().Returns, loaded.Episodes.GetState().Returns);
        Assert.Equal(saved.Episodes.TotalEpisodes, loaded.Episodes.TotalEpisodes);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp-*"));
    }

    [Fact]
    public void Resuming_at_a_rollout_boundary_continues_exactly_like_the_uninterrupted_run()
    {
        string path = Path.Combine(_directory, "boundary.zip");
        const long Steps = 16 * 3;

        // Run A: 2 iterations, checkpoint, 2 more.
        using var envA = ToyEnvs.Counting(3);
        using var a = new Ppo<DictObservation>(envA, Config);
        a.Learn(2 * Steps);
        a.Save(path);
        a.Learn(4 * Steps);

        // Run B reaches the same env state, then everything a checkpoint holds is scrambled and reloaded.
        using var envB = ToyEnvs.Counting(3);
        using var b = new Ppo<DictObservation>(envB, Config);
        b.Learn(2 * Steps);
        Scramble(b);
        b.Load(path);
        b.Learn(4 * Steps);

        Assert.Equal(PpoTests.Flatten(a), PpoTests.Flatten(b));
        Assert.Equal(a.NumTimesteps, b.NumTimesteps);
        Assert.Equal(a.ObservationNormalizer!.GetState().Mean, b.ObservationNormalizer!.GetState().Mean);
    }

    [Fact]
    public void A_fresh_instance_loading_a_checkpoint_continues_bit_for_bit_like_a_run_that_reset_its_envs_there()
    {
        // What `carla-drl train --resume` relies on: the straight run calls RequestReset after each checkpoint.
        string path = Path.Combine(_directory, "reset.zip");
        const long Steps = 16 * 3;
        using var envA = ToyEnvs.Counting(3);
        using var straight = new Ppo<DictObservation>(envA, Config);
        straight.Learn(2 * Steps);
        straight.Save(path);
        straight.RequestReset();
        straight.Learn(4 * Steps);

        using var envB = ToyEnvs.Counting(3);
        using var resumed = new Ppo<DictObservation>(envB, Config);
        resumed.Load(path);
        resumed.Learn(4 * Steps);

        Assert.Equal(PpoTests.Flatten(straight), PpoTests.Flatten(resumed));
        Assert.Equal(straight.ShuffleRng.GetState(), resumed.ShuffleRng.GetState());
        Assert.Equal(straight.Episodes.GetState().Returns, resumed.Episodes.GetState().Returns);
    }

    [Fact]
    public void A_fresh_process_resumes_from_the_checkpoint_with_new_episodes()
    {
        string path = Path.Combine(_directory, "fresh.zip");
        using (var env = ToyEnvs.Counting(3))
        using (var first = new Ppo<DictObservation>(env, Config))
        {
            first.Learn(2 * 16 * 3);
            first.Save(path);
        }

        var info = PpoCheckpoint.ReadInfo(path);
        Assert.Equal(96, info.NumTimesteps);
        Assert.Equal(Config.NSteps, info.Config.NSteps);
        Assert.Equal(Config.Policy.ConvLayers, info.Config.Policy.ConvLayers);

        using var env2 = ToyEnvs.Counting(3);
        using var resumed = new Ppo<DictObservation>(env2, info.Config);
        resumed.Load(path);
        Assert.True(resumed.Learn(4 * 16 * 3));
        Assert.Equal(4, resumed.Iterations);
    }

    [Fact]
    public void A_truncated_or_corrupted_file_fails_with_a_message_naming_it()
    {
        string path = Path.Combine(_directory, "bad.zip");
        using var env = ToyEnvs.Counting(3);
        using var ppo = new Ppo<DictObservation>(env, Config);
        ppo.Save(path);
        byte[] good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, good[..(good.Length / 2)]);
        var truncated = Assert.Throws<CheckpointException>(() => ppo.Load(path));
        Assert.Contains(path, truncated.Message, StringComparison.Ordinal);

        byte[] flipped = (byte[])good.Clone();
        flipped[good.Length / 2] ^= 0xFF; // inside the tensors: they are most of the file
        flipped[(good.Length / 2) + 1] ^= 0x5A;
        File.WriteAllBytes(path, flipped);
        var corrupt = Assert.Throws<CheckpointException>(() => ppo.Load(path));
        Assert.Contains(path, corrupt.Message, StringComparison.Ordinal);

        var missing = Assert.Throws<CheckpointException>(() => ppo.Load(Path.Combine(_directory, "none.zip")));
        Assert.Contains("none.zip", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_of_another_network_is_refused()
    {
        string path = Path.Combine(_directory, "other.zip");
        using (var env = ToyEnvs.Counting(3))
        using (var ppo = new Ppo<DictObservation>(env, Config))
        {
            ppo.Save(path);
        }

        using var env2 = ToyEnvs.Counting(3);
        using var wider = new Ppo<DictObservation>(env2, Config with { Policy = Config.Policy with { PiLayers = [32] } });
        var error = Assert.Throws<CheckpointException>(() => wider.Load(path));
        Assert.Contains("other.zip", error.Message, StringComparison.Ordinal);
        Assert.Contains("differs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manager_keeps_the_last_k_in_timestep_order()
    {
        var manager = new CheckpointManager(_directory, keepLast: 2);
        using var env = ToyEnvs.Counting(3);
        using var ppo = new Ppo<DictObservation>(env, Config);
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, "final.zip"), "not managed");
        var saved = new List<string>();
        for (int i = 1; i <= 3; i++)
        {
            ppo.Learn(i * 16 * 3);
            saved.Add(manager.Save(ppo));
        }

        Assert.Equal(saved[1..], manager.List());
        Assert.Equal(saved[^1], manager.Latest());
        Assert.EndsWith("checkpoint_000000000144.zip", saved[^1], StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "final.zip")));
    }

    private static List<Adam.State> AdamStates<TObs>(Ppo<TObs> ppo)
        where TObs : notnull =>
        [.. ppo.Optimizer.state_dict().State.Cast<Adam.State>()];

    /// <summary>Changes parameters, Adam moments, both RNG streams, counters and statistics, without touching the envs.</summary>
    private static void Scramble<TObs>(Ppo<TObs> ppo)
        where TObs : notnull
    {
        using var scope = NewDisposeScope();
        ppo.Optimizer.zero_grad();
        ppo.Policy.parameters().Select(p => p.square().sum()).Aggregate((x, y) => x + y).backward();
        ppo.Optimizer.step();
        randn(100, generator: ppo.Generator);
        ppo.ShuffleRng.NextUInt64();
        ppo.NumTimesteps += 7;
        ppo.ObservationNormalizer!.Update(new float[ppo.ObservationNormalizer.Size], 1);
        ppo.RewardNormalizer!.Statistics.Update<double>([1000.0]);
        ppo.Episodes.Add(-1e6, 1);
    }
}
