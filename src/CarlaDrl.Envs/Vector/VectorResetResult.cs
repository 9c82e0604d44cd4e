namespace CarlaDrl.Envs.Vector;

/// <summary>Per-env reset observations and infos; arrays owned and reused by the vector env.</summary>
public readonly record struct VectorResetResult<TObs>(TObs[] Observations, Info[] Infos);
