using BenchmarkDotNet.Attributes;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Learning;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Networks;
using CarlaDrl.Learning.Observations;
using static TorchSharp.torch;

namespace CarlaDrl.Benchmarks;

/// <summary>
/// The learner's side of PPO with the seed network (64×64×3 camera + 6-d state, 447,077 parameters) on 2 torch
/// threads. <see cref="Inference"/>: observations of N envs into tensors and one batched forward pass with
/// sampling. <see cref="RolloutStep"/>: one vector step of <see cref="Ppo{TObs}.CollectRollout"/> for N envs
/// (observation batching, one batched forward pass, sampling, clipping, buffer writes) with an env that costs
/// nothing. <see cref="UpdateMinibatch"/>: one minibatch of <see cref="Ppo{TObs}.Update"/> (gather, forward, loss,
/// backward, grad clip, Adam); samples/s = batch size / its time. In-process: no copy of libtorch per run; few
/// iterations with min/max columns, because on a shared 2-core machine other work dominates the spread.
/// Run: dotnet run -c Release --project benchmarks/CarlaDrl.Benchmarks -- --filter '*PpoBenchmarks*'
/// </summary>
[InProcess]
[WarmupCount(3)]
[IterationCount(15)]
[MinColumn]
[MaxColumn]
[MemoryDiagnoser]
public class PpoBenchmarks
{
    private const int Steps = 64;
    private const int UpdateSamples = 1024;

    private SyncVectorEnv<DictObservation, NDArray<float>> _env = null!;
    private Ppo<DictObservation> _ppo = null!;
    private SyncVectorEnv<DictObservation, NDArray<float>> _updateEnv = null!;
    private Ppo<DictObservation> _updatePpo = null!;
    private ActorCriticPolicy _policy = null!;
    private ObservationBatcher<DictObservation> _batcher = null!;
    private ObservationTensors _inputs = null!;
    private DictObservation[] _observations = null!;
    private Generator _generator = null!;

    [Params(4, 8)]
    public int Envs { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        TorchRuntime.ConfigureThreads(2);
        _env = VectorEnv(Envs);
        _ppo = new Ppo<DictObservation>(_env, new PpoConfig { NSteps = Steps });
        _updateEnv = VectorEnv(1);
        _updatePpo = new Ppo<DictObservation>(_updateEnv, new PpoConfig { NSteps = UpdateSamples, NEpochs = 1, BatchSize = 64 });
        _updatePpo.CollectRollout();
        var layout = ObservationLayout.FromSpace(_env.SingleObservationSpace);
        _policy = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Seed, seed: 1);
        _batcher = new ObservationBatcher<DictObservation>(layout);
        _inputs = ObservationTensors.Allocate(layout, Envs);
        _observations = [.. Enumerable.Range(0, Envs).Select(_ => _env.Reset(seed: 1).Observations[0])];
        _generator = new Generator(1);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ppo.Dispose();
        _env.Dispose();
        _updatePpo.Dispose();
        _updateEnv.Dispose();
        _policy.Dispose();
        _inputs.DisposeStorage();
        _generator.Dispose();
    }

    [Benchmark]
    public float Inference()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _batcher.Write(_observations, _inputs, updateStatistics: false);
        var (actions, _, _) = _policy.Act(_inputs, deterministic: false, _generator);
        return actions[0, 0].item<float>();
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public bool RolloutStep() => _ppo.CollectRollout();

    /// <summary>One epoch over the 1,024-sample rollout: 16 minibatches of 64 (independent of <see cref="Envs"/>).</summary>
    [Benchmark(OperationsPerInvoke = UpdateSamples / 64)]
    public PpoUpdateResult UpdateMinibatch() => _updatePpo.Update();

    private static SyncVectorEnv<DictObservation, NDArray<float>> VectorEnv(int n) =>
        new([.. Enumerable.Range(0, n).Select(_ => (Func<IEnv<DictObservation, NDArray<float>>>)(() => new FreeCameraEnv()))]);

    /// <summary>The seed's observation and action spaces, constant content, no work per step, truncated every 500 steps.</summary>
    private sealed class FreeCameraEnv : Env<DictObservation, NDArray<float>>
    {
        private readonly DictSpace _observationSpace = new(
            ("camera", new Box<byte>(0, 255, 64, 64, 3)),
            ("vehicle_state", new Box<float>(-1000f, 1000f, 6)));

        private readonly Box<float> _actionSpace = new(-1f, 1f, 2);
        private readonly DictObservation _observation;
        private int _step;

        public FreeCameraEnv()
        {
            _observationSpace.Seed(1);
            _observation = _observationSpace.Sample();
        }

        public override Space<DictObservation> ObservationSpace => _observationSpace;

        public override Space<NDArray<float>> ActionSpace => _actionSpace;

        protected override ResetResult<DictObservation> OnReset(long? seed, IReadOnlyDictionary<string, object>? options)
        {
            _step = 0;
            return new(_observation, Info);
        }

        protected override StepResult<DictObservation> OnStep(NDArray<float> action) =>
            new(_observation, action[1], false, ++_step >= 500, Info);
    }
}
