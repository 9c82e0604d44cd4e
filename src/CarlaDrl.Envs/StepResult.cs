namespace CarlaDrl.Envs;

/// <summary>
/// Gymnasium's <c>(observation, reward, terminated, truncated, info)</c>. <see cref="Terminated"/>: the task
/// reached a terminal state (no bootstrapping); <see cref="Truncated"/>: stopped from outside the MDP, e.g. a
/// time limit (learners bootstrap from the value of the final observation; DESIGN.md §3.1).
/// The observation and info may be buffers the env reuses (see <see cref="IEnv{TObs, TAct}"/>).
/// </summary>
public readonly record struct StepResult<TObs>(TObs Observation, double Reward, bool Terminated, bool Truncated, Info Info);
