using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs.Wrappers;

/// <summary>
/// Gymnasium's <c>ClipAction</c> for <see cref="Box{T}"/> float actions: the env receives the action clipped to
/// [low, high], copied into a preallocated buffer so the caller's array is never modified (learners store
/// the unclipped action; DESIGN.md §3.5). Unlike Gymnasium 1.0 the action space stays the inner one, so
/// algorithms that squash into the bounds (SAC) still see them.
/// </summary>
public sealed class ClipAction<TObs> : Wrapper<TObs, NDArray<float>>
    where TObs : notnull
{
    private readonly Box<float> _space;
    private readonly NDArray<float> _clipped;

    public ClipAction(IEnv<TObs, NDArray<float>> env)
        : base(env)
    {
        _space = env.ActionSpace as Box<float>
            ?? throw new ArgumentException($"ClipAction needs a Box<float> action space, got {env.ActionSpace}.", nameof(env));
        _clipped = _space.Create();
    }

    public override StepResult<TObs> Step(NDArray<float> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (!action.HasShape(_space.Shape))
        {
            throw new ArgumentException($"Action has shape {NDArray<float>.FormatShape(action.Shape)}, the action space is {_space}.", nameof(action));
        }

        var input = action.Data;
        var output = _clipped.Data;
        var low = _space.Low.Data;
        var high = _space.High.Data;
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = Math.Clamp(input[i], low[i], high[i]);
        }

        return Env.Step(_clipped);
    }
}
