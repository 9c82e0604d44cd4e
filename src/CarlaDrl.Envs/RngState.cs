namespace CarlaDrl.Envs;

/// <summary>The complete state of an <see cref="Rng"/>, for checkpoints.</summary>
public readonly record struct RngState(ulong S0, ulong S1, ulong S2, ulong S3, bool HasSpareGaussian, double SpareGaussian);
