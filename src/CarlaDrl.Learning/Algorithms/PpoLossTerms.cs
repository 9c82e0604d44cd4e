using static TorchSharp.torch;

namespace CarlaDrl.Learning.Algorithms;

/// <summary>The scalar tensors of one PPO minibatch; <see cref="ApproxKl"/> and <see cref="ClipFraction"/> carry no gradient.</summary>
public sealed record PpoLossTerms(Tensor Loss, Tensor PolicyLoss, Tensor ValueLoss, Tensor EntropyLoss, Tensor ApproxKl, Tensor ClipFraction);
