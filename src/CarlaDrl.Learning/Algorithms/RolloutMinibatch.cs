using CarlaDrl.Learning.Observations;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>One PPO minibatch, gathered from a <see cref="RolloutBuffer"/>.</summary>
public sealed record RolloutMinibatch(
    ObservationTensors Observations,
    Tensor Actions,
    Tensor OldValues,
    Tensor OldLogProbs,
    Tensor Advantages,
    Tensor Returns);
