using CarlaDrl.Envs.Wrappers;

namespace CarlaDrl.Envs.Tests.Fakes;

/// <summary>Throws from Step once the env has taken <c>failAtStep</c> steps in total, to test error propagation.</summary>
public sealed class FailingWrapper<TObs, TAct>(IEnv<TObs, TAct> env, int failAtStep) : Wrapper<TObs, TAct>(env)
    where TObs : notnull
    where TAct : notnull
{
    private int _steps;

    public override StepResult<TObs> Step(TAct action) =>
        ++_steps >= failAtStep ? throw new InvalidOperationException($"boom at step {_steps}") : base.Step(action);
}
