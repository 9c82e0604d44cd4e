using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Vector;

/// <summary>
/// N copies of an env stepped as one batch, with same-step autoreset (SB3 and Gymnasium &lt; 1.0 semantics;
/// DESIGN.md §3.1): when env i's episode ends in a step, that step returns env i's reset observation, the
/// finished step's reward and flags, and info i holds <see cref="InfoKeys.FinalObservation"/> and
/// <see cref="InfoKeys.FinalInfo"/>, so learners can bootstrap truncated episodes from the final observation.
/// <para>
/// Ownership rule: the result arrays and the values in them belong to the vector env (observations may be the
/// sub-envs' own buffers) and are valid until the next <c>Step</c> or <c>Reset</c>; they are reused every step.
/// A vector env is used from one thread at a time.
/// </para>
/// </summary>
public interface IVectorEnv<TObs, TAct> : IDisposable
    where TObs : notnull
    where TAct : notnull
{
    int NumEnvs { get; }

    Space<TObs> SingleObservationSpace { get; }

    Space<TAct> SingleActionSpace { get; }

    /// <summary>Resets every env; env i gets seed <c>seed + i</c> (Gymnasium's convention), none when null.</summary>
    VectorResetResult<TObs> Reset(long? seed = null);

    /// <summary>Steps env i with <c>actions[i]</c>; exactly <see cref="NumEnvs"/> actions.</summary>
    VectorStepResult<TObs> Step(ReadOnlySpan<TAct> actions);
}
