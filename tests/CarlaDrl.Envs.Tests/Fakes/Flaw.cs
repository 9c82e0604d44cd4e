namespace CarlaDrl.Envs.Tests.Fakes;

/// <summary>The defect a <see cref="FlawedEnv"/> has, each one a contract rule EnvChecker must catch.</summary>
public enum Flaw
{
    None,
    IgnoresSeed,
    ObservationOutOfSpace,
    NonFiniteReward,
    NoOrderEnforcement,
}
