namespace CarlaDrl.Envs;

/// <summary>Gymnasium's <c>(observation, info)</c> of <c>reset</c>; same ownership rule as <see cref="StepResult{TObs}"/>.</summary>
public readonly record struct ResetResult<TObs>(TObs Observation, Info Info);
