namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// Diagnostics of one PPO update, averaged over its minibatches as SB3 logs them (<c>train/*</c>);
/// <see cref="Loss"/> is the last minibatch's. <see cref="IterationSeconds"/> covers the rollout and the update.
/// </summary>
public sealed record PpoUpdateResult(
    double LearningRate,
    double ClipRange,
    double PolicyGradientLoss,
    double ValueLoss,
    double EntropyLoss,
    double ApproxKl,
    double ClipFraction,
    double Loss,
    double ExplainedVariance,
    double Std,
    bool StoppedEarly,
    double IterationSeconds);
