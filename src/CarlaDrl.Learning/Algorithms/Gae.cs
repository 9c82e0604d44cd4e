namespace CarlaDrl.Learning.Algorithms;

/// <summary>
/// Generalised Advantage Estimation (Schulman et al. 2016) over a rollout stored time-major: index <c>t * numEnvs + i</c>
/// is env i's step t. Pure: arrays in, advantages and returns out.
/// <para>
/// Same-step autoreset (DESIGN.md §3.1): when step t ends env i's episode, the next stored observation already
/// belongs to the next episode, so the recursion is cut there. A <b>terminated</b> step has no future value; a
/// <b>truncated</b> one bootstraps from V(final observation), passed in <c>finalValues</c>. This equals SB3's
/// trick of adding <c>gamma * V(final observation)</c> to the reward of a truncated step (on_policy_algorithm.py)
/// and then treating the step as done. Terminated wins when both flags are set.
/// </para>
/// </summary>
public static class Gae
{
    /// <param name="rewards">r_t, <c>[T * N]</c>.</param>
    /// <param name="values">V(s_t) from the rollout, <c>[T * N]</c>.</param>
    /// <param name="terminated">The step ended the episode in a terminal state.</param>
    /// <param name="truncated">The step ended the episode from outside the MDP (time limit).</param>
    /// <param name="finalValues">V(final observation) where <paramref name="truncated"/>; ignored elsewhere.</param>
    /// <param name="lastValues">V(s_T) of the observations after the last step, <c>[N]</c>.</param>
    /// <param name="gamma">Discount γ.</param>
    /// <param name="lambda">GAE λ.</param>
    /// <param name="advantages">Output A_t, <c>[T * N]</c>.</param>
    /// <param name="returns">Output A_t + V(s_t) (the value targets), <c>[T * N]</c>.</param>
    /// <param name="discarded">
    /// Optional: steps whose transition is not real (<c>InfoKeys.DiscardTransition</c>). They get advantage 0 and
    /// return V(s_t), and the step before bootstraps from V(s_t) without the discarded step's advantage.
    /// </param>
    public static void Compute(
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> values,
        ReadOnlySpan<bool> terminated,
        ReadOnlySpan<bool> truncated,
        ReadOnlySpan<float> finalValues,
        ReadOnlySpan<float> lastValues,
        double gamma,
        double lambda,
        Span<float> advantages,
        Span<float> returns,
        ReadOnlySpan<bool> discarded = default)
    {
        int numEnvs = lastValues.Length;
        int length = rewards.Length;
        if (numEnvs == 0 || length % numEnvs != 0)
        {
            throw new ArgumentException($"{length} rewards do not split into steps of {numEnvs} envs.", nameof(lastValues));
        }

        if (!discarded.IsEmpty && discarded.Length != length)
        {
            throw new ArgumentException($"Every per-step array needs {length} elements; discarded has {discarded.Length}.", nameof(discarded));
        }

        foreach (int other in (ReadOnlySpan<int>)[values.Length, terminated.Length, truncated.Length, finalValues.Length, advantages.Length, returns.Length])
        {
            if (other != length)
            {
                throw new ArgumentException($"Every per-step array needs {length} elements; one has {other}.", nameof(values));
            }
        }

        for (int i = 0; i < numEnvs; i++)
        {
            double nextValue = lastValues[i];
            double nextAdvantage = 0;
            for (int k = length - numEnvs + i; k >= 0; k -= numEnvs)
            {
                if (!discarded.IsEmpty && discarded[k])
                {
                    advantages[k] = 0;
                    returns[k] = values[k];
                    nextValue = values[k];
                    nextAdvantage = 0;
                    continue;
                }

                bool done = terminated[k] || truncated[k];
                double bootstrap = terminated[k] ? 0 : truncated[k] ? finalValues[k] : nextValue;
                double delta = rewards[k] + (gamma * bootstrap) - values[k];
                double advantage = delta + (done ? 0 : gamma * lambda * nextAdvantage);
                advantages[k] = (float)advantage;
                returns[k] = (float)(advantage + values[k]);
                nextValue = values[k];
                nextAdvantage = advantage;
            }
        }
    }
}
