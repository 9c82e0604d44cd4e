using CarlaDrl.Learning.Observations;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// One PPO rollout of <see cref="NumSteps"/> vector steps of <see cref="NumEnvs"/> envs, time-major (row
/// <c>t * NumEnvs + i</c>). Observations stay in tensors (images as uint8: a 64×64×3 camera costs 12 KiB per sample),
/// actions are stored unclipped, as sampled. Rewards, values, log-probabilities and episode flags stay in managed
/// arrays for <see cref="Gae"/>; after it, the training targets are copied once into tensors for minibatching.
/// All storage is allocated once and reused for every rollout.
/// </summary>
public sealed class RolloutBuffer : IDisposable
{
    private readonly Tensor _actions;
    private readonly Tensor _values;
    private readonly Tensor _logProbs;
    private readonly Tensor _advantages;
    private readonly Tensor _returns;
    private bool _disposed;

    public RolloutBuffer(ObservationLayout layout, int numSteps, int numEnvs, int actionDim)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numEnvs);
        NumSteps = numSteps;
        NumEnvs = numEnvs;
        Size = checked(numSteps * numEnvs);
        Observations = ObservationTensors.Allocate(layout, Size);
        _actions = zeros([Size, actionDim], ScalarType.Float32).DetachFromDisposeScope();
        _values = zeros(Size, ScalarType.Float32).DetachFromDisposeScope();
        _logProbs = zeros(Size, ScalarType.Float32).DetachFromDisposeScope();
        _advantages = zeros(Size, ScalarType.Float32).DetachFromDisposeScope();
        _returns = zeros(Size, ScalarType.Float32).DetachFromDisposeScope();
        Rewards = new float[Size];
        Values = new float[Size];
        LogProbs = new float[Size];
        Terminated = new bool[Size];
        Truncated = new bool[Size];
        FinalValues = new float[Size];
        Discarded = new bool[Size];
        Advantages = new float[Size];
        Returns = new float[Size];
    }

    public int NumSteps { get; }

    public int NumEnvs { get; }

    /// <summary>Samples per rollout: <see cref="NumSteps"/> × <see cref="NumEnvs"/>.</summary>
    public int Size { get; }

    /// <summary>Vector steps stored so far in this rollout.</summary>
    public int Position { get; private set; }

    public bool IsFull => Position == NumSteps;

    public ObservationTensors Observations { get; }

    /// <summary>Unclipped actions as sampled, <c>[Size, A]</c>.</summary>
    public Tensor Actions => _actions;

    public float[] Rewards { get; }

    public float[] Values { get; }

    public float[] LogProbs { get; }

    public bool[] Terminated { get; }

    public bool[] Truncated { get; }

    /// <summary>V(final observation) for truncated steps (0 elsewhere).</summary>
    public float[] FinalValues { get; }

    /// <summary>Steps whose transition is not real (<c>InfoKeys.DiscardTransition</c>): no advantage, never sampled by PPO.</summary>
    public bool[] Discarded { get; }

    /// <summary>How many entries of the current rollout are <see cref="Discarded"/>.</summary>
    public int DiscardedCount { get; private set; }

    public float[] Advantages { get; }

    public float[] Returns { get; }

    /// <summary>Starts a new rollout, overwriting the last one.</summary>
    public void Reset() => (Position, DiscardedCount) = (0, 0);

    /// <summary>Stores one vector step: the observations acted on, the actions, their values and log-probabilities, and the outcome.</summary>
    public void Add(
        ObservationTensors observations,
        Tensor actions,
        Tensor values,
        Tensor logProbs,
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> finalValues,
        ReadOnlySpan<bool> discarded = default)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (IsFull)
        {
            throw new InvalidOperationException($"The rollout buffer already holds {NumSteps} steps; call Reset first.");
        }

        int start = Position * NumEnvs;
        var rows = Observations.Narrow(start, NumEnvs);
        for (int k = 0; k < rows.Images.Count; k++)
        {
            rows.Images[k].copy_(observations.Images[k]);
        }

        rows.Vector?.copy_(observations.Vector!);
        _actions.narrow(0, start, NumEnvs).copy_(actions);
        TensorSpan.Of<float>(values.contiguous()).CopyTo(Values.AsSpan(start, NumEnvs));
        TensorSpan.Of<float>(logProbs.contiguous()).CopyTo(LogProbs.AsSpan(start, NumEnvs));
        rewards.CopyTo(Rewards.AsSpan(start, NumEnvs));
        terminated.CopyTo(Terminated.AsSpan(start, NumEnvs));
        truncated.CopyTo(Truncated.AsSpan(start, NumEnvs));
        finalValues.CopyTo(FinalValues.AsSpan(start, NumEnvs));
        Span<bool> discard = Discarded.AsSpan(start, NumEnvs);
        if (discarded.IsEmpty)
        {
            discard.Clear();
        }
        else
        {
            discarded.CopyTo(discard);
            foreach (bool d in discarded)
            {
                DiscardedCount += d ? 1 : 0;
            }
        }

        Position++;
    }

    /// <summary>Runs <see cref="Gae"/> over the full rollout and prepares the training tensors.</summary>
    public void ComputeReturnsAndAdvantages(ReadOnlySpan<float> lastValues, double gamma, double lambda)
    {
        if (!IsFull)
        {
            throw new InvalidOperationException($"The rollout holds {Position} of {NumSteps} steps.");
        }

        Gae.Compute(Rewards, Values, Terminated, Truncated, FinalValues, lastValues, gamma, lambda, Advantages, Returns, Discarded);
        Values.CopyTo(TensorSpan.Of<float>(_values));
        LogProbs.CopyTo(TensorSpan.Of<float>(_logProbs));
        Advantages.CopyTo(TensorSpan.Of<float>(_advantages));
        Returns.CopyTo(TensorSpan.Of<float>(_returns));
    }

    /// <summary>The samples at <paramref name="indices"/> (int64), gathered into tensors of the current dispose scope.</summary>
    public RolloutMinibatch Sample(Tensor indices) => new(
        Observations.IndexSelect(indices),
        _actions.index_select(0, indices),
        _values.index_select(0, indices),
        _logProbs.index_select(0, indices),
        _advantages.index_select(0, indices),
        _returns.index_select(0, indices));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Observations.DisposeStorage();
        foreach (var tensor in (Tensor[])[_actions, _values, _logProbs, _advantages, _returns])
        {
            tensor.Dispose();
        }
    }
}
