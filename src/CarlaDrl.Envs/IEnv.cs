using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs;

/// <summary>
/// The Gymnasium env contract: <c>Reset</c> starts an episode, <c>Step</c> advances it until it is terminated
/// or truncated, then <c>Reset</c> again.
/// <para>
/// Ownership rule: an env may return an observation buffer that it reuses. A returned observation is valid
/// until the next <c>Step</c> or <c>Reset</c> on the same env; callers that keep it copy it with
/// <see cref="Space{T}.Clone"/> or <see cref="Space{T}.CopyTo"/> of <see cref="ObservationSpace"/>. The same
/// holds for <see cref="Info"/>: an env may return one instance, cleared at each step and reset. Wrappers may
/// add entries to the info they receive. Envs are not thread-safe; one thread uses an env at a time.
/// </para>
/// </summary>
public interface IEnv<TObs, TAct> : IDisposable
    where TObs : notnull
    where TAct : notnull
{
    Space<TObs> ObservationSpace { get; }

    Space<TAct> ActionSpace { get; }

    EnvSpec? Spec { get; }

    /// <summary>
    /// Starts an episode. A non-null <paramref name="seed"/> re-seeds the env's randomness (Gymnasium: pass it on
    /// the first reset only, then null, so later episodes differ but stay reproducible).
    /// </summary>
    ResetResult<TObs> Reset(long? seed = null, IReadOnlyDictionary<string, object>? options = null);

    /// <summary>Advances one step; throws <see cref="ResetNeededException"/> before the first reset or after the episode ended.</summary>
    StepResult<TObs> Step(TAct action);
}
