namespace CarlaDrl.Envs.Wrappers;

/// <summary>A snapshot of a <see cref="RunningMeanStd"/> for checkpoints; the arrays are copies owned by the snapshot.</summary>
public sealed record RunningMeanStdState(double[] Mean, double[] Var, double Count);
