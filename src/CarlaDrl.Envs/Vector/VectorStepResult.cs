namespace CarlaDrl.Envs.Vector;

/// <summary>
/// Per-env step outputs, index i for env i; arrays owned and reused by the vector env. Where an episode
/// ended, <c>Observations[i]</c> is already the next episode's first observation (see <see cref="IVectorEnv{TObs, TAct}"/>).
/// </summary>
public readonly record struct VectorStepResult<TObs>(TObs[] Observations, double[] Rewards, bool[] Terminated, bool[] Truncated, Info[] Infos);
