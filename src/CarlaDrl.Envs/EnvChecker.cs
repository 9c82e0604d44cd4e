using CarlaDrl.Envs.Spaces;

namespace CarlaDrl.Envs;

/// <summary>
/// Gymnasium's <c>check_env</c> for our contract: spaces sample inside themselves, observations stay inside the
/// observation space, rewards are finite, <c>Reset(seed)</c> and a fixed action sequence reproduce the same
/// trajectory (DESIGN.md §3.3), and <c>Step</c> refuses to run before <c>Reset</c> or after an episode ended.
/// Returns an <see cref="EnvCheckReport"/>, or throws an <see cref="EnvCheckException"/> listing every failed check
/// by name. Terminated and Truncated are bools by type, so they need no check.
/// </summary>
public static class EnvChecker
{
    public const long CheckSeed = 42;

    /// <summary>Episodes are followed for at most this many steps when looking for an episode end.</summary>
    public const int EpisodeEndSearchSteps = 1000;

    /// <summary>Checks a fresh env from <paramref name="envFactory"/> (needed to test Step before Reset) and disposes it.</summary>
    public static EnvCheckReport Check<TObs, TAct>(Func<IEnv<TObs, TAct>> envFactory, int steps = 50)
        where TObs : notnull
        where TAct : notnull
    {
        ArgumentNullException.ThrowIfNull(envFactory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        using var env = envFactory();
        var run = new EnvCheckRun();
        if (CheckSpaces(env, run))
        {
            run.Run("step-before-reset", () => ExpectResetNeeded(env, env.ActionSpace.Sample()));
            CheckEpisodes(env, steps, run);
        }

        return run.Finish();
    }

    /// <summary>Checks an env that may already have been reset, so Step-before-Reset is not checked (a warning says so).</summary>
    public static EnvCheckReport Check<TObs, TAct>(IEnv<TObs, TAct> env, int steps = 50)
        where TObs : notnull
        where TAct : notnull
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var run = new EnvCheckRun();
        run.Warn("step-before-reset not checked: pass a factory to check a fresh env.");
        if (CheckSpaces(env, run))
        {
            CheckEpisodes(env, steps, run);
        }

        return run.Finish();
    }

    private static bool CheckSpaces<TObs, TAct>(IEnv<TObs, TAct> env, EnvCheckRun run)
        where TObs : notnull
        where TAct : notnull
    {
        bool present = run.Run("spaces", () =>
            env.ObservationSpace is null ? "ObservationSpace is null"
            : env.ActionSpace is null ? "ActionSpace is null"
            : null);
        if (!present)
        {
            return false;
        }

        run.Run("observation-space-sample", () => SampleContained(env.ObservationSpace));
        run.Run("action-space-sample", () => SampleContained(env.ActionSpace));
        WarnAboutBounds(env.ObservationSpace, env.ActionSpace, run);
        return true;
    }

    private static void CheckEpisodes<TObs, TAct>(IEnv<TObs, TAct> env, int steps, EnvCheckRun run)
        where TObs : notnull
        where TAct : notnull
    {
        var space = env.ObservationSpace;
        TObs? first = default;
        bool resetOk = run.Run("reset-observation", () =>
        {
            var result = env.Reset(CheckSeed);
            first = space.Clone(result.Observation);
            return result.Info is null ? "Reset returned a null Info" : NotContained(space, result.Observation, "the reset observation");
        });
        if (!resetOk)
        {
            return;
        }

        run.Run("reset-determinism", () =>
            ObservationComparer.Difference(first, env.Reset(CheckSeed).Observation) is { } difference
                ? $"two Reset(seed: {CheckSeed}) calls differ: {difference}"
                : null);

        env.ActionSpace.Seed(CheckSeed);
        var actions = Enumerable.Range(0, steps).Select(_ => env.ActionSpace.Sample()).ToArray();
        Trajectory<TObs>? firstRun = null;
        bool stepsOk = run.Run("step-outputs", () => Follow(env, actions, out firstRun));
        if (stepsOk)
        {
            run.Run("step-determinism", () => Follow(env, actions, out var secondRun) ?? firstRun!.Difference(secondRun));
        }

        run.Run("step-after-episode-end", () => CheckStepAfterEnd(env, run));
        run.Run("unseeded-reset", () =>
        {
            env.Reset(CheckSeed);
            return NotContained(space, env.Reset(seed: null).Observation, "the observation of Reset(seed: null)");
        });
    }

    /// <summary>Runs the actions from <c>Reset(CheckSeed)</c>, resetting unseeded after each episode end; returns the first problem.</summary>
    private static string? Follow<TObs, TAct>(IEnv<TObs, TAct> env, TAct[] actions, out Trajectory<TObs> trajectory)
        where TObs : notnull
        where TAct : notnull
    {
        var space = env.ObservationSpace;
        trajectory = new Trajectory<TObs>();
        trajectory.Add(space.Clone(env.Reset(CheckSeed).Observation), 0, false, false);
        for (int t = 0; t < actions.Length; t++)
        {
            var result = env.Step(actions[t]);
            string where = $"step {t + 1}";
            if (NotContained(space, result.Observation, $"the observation of {where}") is { } outside)
            {
                return outside;
            }

            if (!double.IsFinite(result.Reward))
            {
                return $"the reward of {where} is {result.Reward}, not finite";
            }

            if (result.Info is null)
            {
                return $"{where} returned a null Info";
            }

            trajectory.Add(space.Clone(result.Observation), result.Reward, result.Terminated, result.Truncated);
            if (result.Terminated || result.Truncated)
            {
                trajectory.Add(space.Clone(env.Reset(seed: null).Observation), 0, false, false);
            }
        }

        return null;
    }

    private static string? CheckStepAfterEnd<TObs, TAct>(IEnv<TObs, TAct> env, EnvCheckRun run)
        where TObs : notnull
        where TAct : notnull
    {
        env.Reset(CheckSeed);
        for (int t = 0; t < EpisodeEndSearchSteps; t++)
        {
            var result = env.Step(env.ActionSpace.Sample());
            if (result.Terminated || result.Truncated)
            {
                return ExpectResetNeeded(env, env.ActionSpace.Sample());
            }
        }

        run.Warn($"step-after-episode-end not really checked: no episode ended within {EpisodeEndSearchSteps} steps.");
        return null;
    }

    private static string? ExpectResetNeeded<TObs, TAct>(IEnv<TObs, TAct> env, TAct action)
        where TObs : notnull
        where TAct : notnull
    {
        try
        {
            env.Step(action);
            return $"Step did not throw {nameof(ResetNeededException)} (derive from Env<TObs, TAct> or wrap in OrderEnforcing)";
        }
        catch (ResetNeededException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return $"Step threw {ex.GetType().Name} instead of {nameof(ResetNeededException)}: {ex.Message}";
        }
    }

    private static string? SampleContained(Space space)
    {
        for (int i = 0; i < 10; i++)
        {
            var sample = space.SampleObject();
            if (!space.ContainsObject(sample))
            {
                return $"{space} does not contain its own sample {sample}";
            }
        }

        return null;
    }

    private static string? NotContained<TObs>(Space<TObs> space, TObs observation, string what)
        where TObs : notnull =>
        space.Contains(observation) ? null : $"{what} ({observation}) is not in {space}";

    private static void WarnAboutBounds(Space observationSpace, Space actionSpace, EnvCheckRun run)
    {
        if (actionSpace is Box<float> action && !(action.Low.Data.All(x => x == -1) && action.High.Data.All(x => x == 1)))
        {
            run.Warn($"action space {action} is not [-1, 1]: Gaussian policies learn best with symmetric, normalised actions (SB3 check_env).");
        }

        var parts = observationSpace is DictSpace dict ? dict.Spaces.Select(p => p.Value) : [observationSpace];
        foreach (var part in parts)
        {
            if (part is Box<byte> image && image.Shape.Count == 3 && !(image.Low.Data.All(x => x == 0) && image.High.Data.All(x => x == 255)))
            {
                run.Warn($"image space {image} is not [0, 255]: networks scale uint8 images by 1/255 (DESIGN.md §3.4).");
            }
        }
    }
}
