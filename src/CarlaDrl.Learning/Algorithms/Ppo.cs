using System.Diagnostics;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Learning.Checkpoints;
using CarlaDrl.Learning.Metrics;
using CarlaDrl.Learning.Networks;
using CarlaDrl.Learning.Normalization;
using CarlaDrl.Learning.Observations;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// Proximal Policy Optimization (Schulman et al. 2017) with SB3's and CleanRL's implementation details
/// (DESIGN.md §3.5): a rollout of <c>n_steps</c> vector steps with one batched forward pass for all envs per step,
/// Gaussian actions stored unclipped and clipped only for the env, GAE with truncation bootstrapping, then
/// <c>n_epochs</c> of shuffled minibatches with per-minibatch advantage normalisation, the clipped surrogate,
/// optional value clipping, an entropy bonus, gradient-norm clipping and Adam (ε 1e-5); optional linear learning
/// rate decay and target-KL early stop. Deterministic per seed: torch's generator samples actions and our
/// <see cref="Rng"/> shuffles minibatches. <see cref="CollectRollout"/> and <see cref="Update"/> are the step-wise
/// API; <see cref="Learn"/> loops them. Every update logs SB3's metric keys to the sink.
/// </summary>
public sealed class Ppo<TObs> : IDisposable
    where TObs : notnull
{
    private readonly IVectorEnv<TObs, NDArray<float>> _env;
    private readonly IMetricsSink? _metrics;
    private readonly Parameter[] _parameters;
    private readonly ObservationBatcher<TObs> _batcher;
    private readonly ObservationTensors _current; // the envs' current observations, as the network reads them
    private readonly ObservationTensors _scratch; // final observations of truncated episodes; Predict's inputs
    private readonly long[] _permutation;
    private readonly Tensor _indices;
    private readonly ActionClipper _actions;
    private readonly float[] _rewards, _finalValues, _lastValues;
    private readonly bool[] _dones, _discarded;
    private readonly TObs[] _finalObservations;
    private readonly int[] _finalEnvs;
    private Generator? _evalGenerator;
    private bool _needsReset = true;
    private long _clockStart, _clockStartTimesteps, _rolloutStart;
    private bool _disposed;

    public Ppo(IVectorEnv<TObs, NDArray<float>> env, PpoConfig config, IMetricsSink? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(config);
        if (env.SingleActionSpace is not Box<float> { Shape.Count: 1 } actionSpace || !actionSpace.IsBounded)
        {
            throw new NotSupportedException($"PPO needs a bounded rank-1 float Box action space, not {env.SingleActionSpace}.");
        }

        int n = env.NumEnvs, actionDim = actionSpace.Shape[0], size = checked(config.NSteps * n);
        if (config.BatchSize > size)
        {
            throw new ArgumentException($"ppo.batch_size = {config.BatchSize} exceeds the rollout size n_steps × num_envs = {size}.", nameof(config));
        }

        _env = env;
        _metrics = metrics;
        Config = config;
        var layout = ObservationLayout.FromSpace(env.SingleObservationSpace);
        Policy = ActorCriticPolicy.Create(layout, actionDim, config.Policy, config.Seed);
        _parameters = [.. Policy.parameters()];
        Optimizer = optim.Adam(_parameters, config.LearningRate, beta1: 0.9, beta2: 0.999, eps: config.AdamEps);
        ObservationNormalizer = config.NormalizeObservations && layout.VectorLength > 0 ? new(layout.VectorLength, config.ClipObservations) : null;
        RewardNormalizer = config.NormalizeRewards ? new(n, config.Gamma, config.ClipRewards) : null;
        _batcher = new ObservationBatcher<TObs>(layout, ObservationNormalizer);
        Buffer = new RolloutBuffer(layout, config.NSteps, n, actionDim);
        _current = ObservationTensors.Allocate(layout, n);
        _scratch = ObservationTensors.Allocate(layout, n);
        Generator = new Generator(unchecked((ulong)config.Seed));
        ShuffleRng = new Rng(config.Seed);
        _permutation = [.. Enumerable.Range(0, size).Select(i => (long)i)];
        _indices = zeros(size, ScalarType.Int64).DetachFromDisposeScope();
        _actions = new ActionClipper(actionSpace, n);
        (_rewards, _finalValues, _lastValues, _dones, _discarded) = (new float[n], new float[n], new float[n], new bool[n], new bool[n]);
        (_finalObservations, _finalEnvs) = (new TObs[n], new int[n]);
        metrics?.Text("hyperparameters", "```json\n" + CheckpointJson.Serialize(config) + "\n```", 0);
    }

    public PpoConfig Config { get; }

    public ActorCriticPolicy Policy { get; }

    /// <summary>Environment steps taken, summed over envs (SB3's <c>num_timesteps</c>).</summary>
    public long NumTimesteps { get; internal set; }

    /// <summary>Transitions dropped because the env flagged them <see cref="InfoKeys.DiscardTransition"/> (lost world connections), this process.</summary>
    public long DiscardedTransitions { get; private set; }

    /// <summary>Seconds the last <see cref="CollectRollout"/> spent inside the vector env's Step (the rest is the policy and bookkeeping).</summary>
    public double LastRolloutEnvSeconds { get; private set; }

    /// <summary>Rollout-and-update iterations done.</summary>
    public long Iterations { get; internal set; }

    /// <summary>Epochs trained (SB3's <c>_n_updates</c>, logged as <c>train/n_updates</c>).</summary>
    public long NUpdates { get; internal set; }

    /// <summary>Minibatch gradient steps taken.</summary>
    public long GradientSteps { get; internal set; }

    /// <summary>The horizon of the linear learning rate schedule; <see cref="Learn"/> sets it.</summary>
    public long TotalTimesteps { get; set; }

    public EpisodeTracker Episodes { get; } = new();

    public ObservationNormalizer? ObservationNormalizer { get; }

    public RewardNormalizer? RewardNormalizer { get; }

    /// <summary>
    /// Application data saved in every checkpoint as <c>attachments/&lt;key&gt;</c> entries and restored by
    /// <see cref="Load"/> (e.g. the CLI's run config, so a checkpoint alone can rebuild its envs).
    /// </summary>
    public IDictionary<string, byte[]> Attachments { get; } = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);

    /// <summary>The last <see cref="Update"/>'s diagnostics, or null before the first.</summary>
    public PpoUpdateResult? LastUpdate { get; private set; }

    internal Adam Optimizer { get; }

    /// <summary>Samples the training actions.</summary>
    internal Generator Generator { get; }

    internal Rng ShuffleRng { get; }

    internal RolloutBuffer Buffer { get; }

    /// <summary>Trains until <see cref="NumTimesteps"/> reaches <paramref name="totalTimesteps"/> (absolute, so a resumed run continues to the same total). False when cancelled.</summary>
    public bool Learn(long totalTimesteps, Action<Ppo<TObs>>? afterIteration = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(totalTimesteps);
        TotalTimesteps = totalTimesteps;
        while (NumTimesteps < totalTimesteps)
        {
            if (!CollectRollout(cancellationToken))
            {
                return false;
            }

            Update();
            afterIteration?.Invoke(this);
        }

        return true;
    }

    /// <summary>Fills the rollout buffer with <c>n_steps</c> vector steps and computes advantages. False when cancelled (the partial rollout is dropped).</summary>
    public bool CollectRollout(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ResetEnvsIfNeeded();
        if (_clockStart == 0)
        {
            (_clockStart, _clockStartTimesteps) = (Stopwatch.GetTimestamp(), NumTimesteps);
        }

        _rolloutStart = Stopwatch.GetTimestamp();
        long envTicks = 0;
        Buffer.Reset();
        Episodes.StartRollout();
        while (!Buffer.IsFull)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return false;
            }

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (actions, values, logProbs) = Policy.Act(_current, deterministic: false, Generator);
            _actions.Write(actions, _env.NumEnvs);
            _needsReset = true; // until the step succeeds: a vector env that failed needs a reset
            long stepStart = Stopwatch.GetTimestamp();
            var step = _env.Step(_actions.Actions);
            envTicks += Stopwatch.GetTimestamp() - stepStart;
            _needsReset = false;
            NumTimesteps += _env.NumEnvs;
            RecordOutcomes(step);
            Buffer.Add(_current, actions, values, logProbs, _rewards, step.Terminated, step.Truncated, _finalValues, _discarded);
            _batcher.Write(step.Observations, _current, updateStatistics: true);
        }

        using (NewDisposeScope())
        using (no_grad())
        {
            TensorSpan.Of<float>(Policy.PredictValues(_current).contiguous()).CopyTo(_lastValues);
        }

        Buffer.ComputeReturnsAndAdvantages(_lastValues, Config.Gamma, Config.GaeLambda);
        LastRolloutEnvSeconds = (double)envTicks / Stopwatch.Frequency;
        return true;
    }

    /// <summary>Trains <c>n_epochs</c> over the collected rollout and logs the iteration's metrics.</summary>
    public PpoUpdateResult Update()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!Buffer.IsFull)
        {
            throw new InvalidOperationException("Update needs a full rollout: call CollectRollout first.");
        }

        double learningRate = Config.LearningRateAt(NumTimesteps, TotalTimesteps);
        foreach (var group in Optimizer.ParamGroups)
        {
            group.LearningRate = learningRate;
        }

        var averages = new LossAverages();
        bool continueTraining = true;
        for (int epoch = 0; epoch < Config.NEpochs && continueTraining; epoch++)
        {
            // A fresh permutation of 0..n-1 per epoch (numpy's permutation, as SB3 draws it): shuffling the previous
            // epoch's order instead would make the minibatches depend on history a checkpoint does not hold.
            // Discarded transitions (a lost world connection) are left out.
            int kept = 0;
            for (int i = 0; i < _permutation.Length; i++)
            {
                if (!Buffer.Discarded[i])
                {
                    _permutation[kept++] = i;
                }
            }

            ShuffleRng.Shuffle(_permutation.AsSpan(0, kept));
            _permutation.CopyTo(TensorSpan.Of<long>(_indices));
            for (int start = 0; start < kept; start += Config.BatchSize)
            {
                using var scope = NewDisposeScope();
                var batch = Buffer.Sample(_indices.narrow(0, start, Math.Min(Config.BatchSize, kept - start)));
                var (values, logProbs, entropy) = Policy.Evaluate(batch.Observations, batch.Actions);
                var advantages = batch.Advantages;
                if (Config.NormalizeAdvantage && advantages.shape[0] > 1)
                {
                    advantages = (advantages - advantages.mean()) / (advantages.std() + 1e-8);
                }

                var terms = PpoLoss.Compute(
                    logProbs, batch.OldLogProbs, advantages, values, batch.OldValues, batch.Returns, entropy,
                    Config.ClipRange, Config.ClipRangeVf, Config.EntCoef, Config.VfCoef);
                double approxKl = averages.Add(terms);
                if (Config.TargetKl is double targetKl && approxKl > 1.5 * targetKl)
                {
                    continueTraining = false; // SB3: stop before applying this minibatch
                    break;
                }

                Optimizer.zero_grad();
                terms.Loss.backward();
                nn.utils.clip_grad_norm_(_parameters, Config.MaxGradNorm);
                Optimizer.step();
                GradientSteps++;
            }

            NUpdates++;
        }

        Iterations++;
        using (NewDisposeScope())
        {
            LastUpdate = new PpoUpdateResult(
                learningRate, Config.ClipRange, averages.PolicyGradientLoss, averages.ValueLoss, averages.EntropyLoss,
                averages.ApproxKl, averages.ClipFraction, averages.LastLoss, ExplainedVariance.Compute(Buffer.Values, Buffer.Returns),
                Policy.LogStd.exp().mean().item<float>(), !continueTraining, Stopwatch.GetElapsedTime(_rolloutStart).TotalSeconds);
        }

        if (_metrics is not null)
        {
            PpoMetrics.Log(_metrics, this, Stopwatch.GetElapsedTime(_clockStart).TotalSeconds, NumTimesteps - _clockStartTimesteps);
        }

        return LastUpdate;
    }

    /// <summary>Actions for evaluation, clipped to the action space; <paramref name="deterministic"/> takes the Gaussian mean.</summary>
    public NDArray<float>[] Predict(ReadOnlySpan<TObs> observations, bool deterministic)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new NDArray<float>[observations.Length];
        for (int start = 0; start < observations.Length; start += _env.NumEnvs)
        {
            int count = Math.Min(_env.NumEnvs, observations.Length - start);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var inputs = _scratch.Narrow(0, count);
            _batcher.Write(observations.Slice(start, count), inputs, updateStatistics: false);
            _evalGenerator ??= new Generator(unchecked((ulong)Config.Seed + 1)); // keeps the training stream untouched
            var (actions, _, _) = Policy.Act(inputs, deterministic, _evalGenerator);
            _actions.Write(actions, count);
            for (int i = 0; i < count; i++)
            {
                result[start + i] = _actions.Actions[i].Clone();
            }
        }

        return result;
    }

    /// <summary>
    /// Makes the next <see cref="CollectRollout"/> reset the envs with seed <c>seed + NumTimesteps</c>, as loading a
    /// checkpoint in a fresh process does. Calling it right after saving a checkpoint makes the uninterrupted run and a
    /// run resumed from that checkpoint take the same steps (the resume guarantee of docs/learning.md).
    /// </summary>
    public void RequestReset()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _needsReset = true;
    }

    /// <summary>Writes a self-contained checkpoint atomically (see <see cref="PpoCheckpoint"/>).</summary>
    public void Save(string path) => PpoCheckpoint.Save(this, path);

    /// <summary>Restores everything a checkpoint holds; the envs and their current observations are left as they are.</summary>
    public void Load(string path)
    {
        PpoCheckpoint.Load(this, path);
        (_clockStart, LastUpdate) = (0, null);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Buffer.Dispose();
        _current.DisposeStorage();
        _scratch.DisposeStorage();
        _indices.Dispose();
        Optimizer.Dispose();
        Policy.Dispose();
        Generator.Dispose();
        _evalGenerator?.Dispose();
    }

    private void ResetEnvsIfNeeded()
    {
        if (!_needsReset)
        {
            return;
        }

        // A fresh run resets with the seed; a resumed one with a seed that also depends on how far it got.
        var reset = _env.Reset(unchecked(Config.Seed + NumTimesteps));
        RewardNormalizer?.ResetReturns();
        _batcher.Write(reset.Observations, _current, updateStatistics: true);
        _needsReset = false;
    }

    /// <summary>Episode flags, statistics, normalised rewards and V(final observation) of truncated episodes.</summary>
    private void RecordOutcomes(VectorStepResult<TObs> step)
    {
        int truncatedCount = 0;
        for (int i = 0; i < _env.NumEnvs; i++)
        {
            _dones[i] = step.Terminated[i] || step.Truncated[i];
            _finalValues[i] = 0;
            _discarded[i] = _dones[i] && InfoKeys.IsDiscarded(step.Infos[i]);
            if (_discarded[i])
            {
                DiscardedTransitions++;
            }
            else if (_dones[i])
            {
                Episodes.Record(step.Infos[i]); // an episode cut by a lost connection is no outcome of the policy
            }

            if (step.Truncated[i] && !step.Terminated[i])
            {
                _finalObservations[truncatedCount] = step.Infos[i].TryGet<TObs>(InfoKeys.FinalObservation, out var final)
                    ? final
                    : throw new InvalidOperationException($"Env {i} was truncated but its info has no '{InfoKeys.FinalObservation}': vector envs must autoreset in the same step and hand the final observation back (DESIGN.md §3.1).");
                _finalEnvs[truncatedCount++] = i;
            }
        }

        if (RewardNormalizer is null)
        {
            for (int i = 0; i < _rewards.Length; i++)
            {
                _rewards[i] = (float)step.Rewards[i];
            }
        }
        else
        {
            RewardNormalizer.Normalize(step.Rewards, _dones, _rewards);
        }

        if (truncatedCount > 0)
        {
            var inputs = _scratch.Narrow(0, truncatedCount);
            _batcher.Write(_finalObservations.AsSpan(0, truncatedCount), inputs, updateStatistics: false);
            var values = TensorSpan.Of<float>(Policy.PredictValues(inputs).contiguous());
            for (int k = 0; k < truncatedCount; k++)
            {
                _finalValues[_finalEnvs[k]] = values[k];
            }

            Array.Clear(_finalObservations); // the env owns those buffers
        }
    }
}
