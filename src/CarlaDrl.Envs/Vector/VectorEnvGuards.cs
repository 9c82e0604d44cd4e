namespace CarlaDrl.Envs.Vector;

/// <summary>Argument and consistency checks shared by the vector envs.</summary>
internal static class VectorEnvGuards
{
    public static void RequireFactories<TObs, TAct>(IReadOnlyList<Func<IEnv<TObs, TAct>>> envFactories)
        where TObs : notnull
        where TAct : notnull
    {
        ArgumentNullException.ThrowIfNull(envFactories);
        if (envFactories.Count == 0)
        {
            throw new ArgumentException("A vector env needs at least one env factory.", nameof(envFactories));
        }

        for (int i = 0; i < envFactories.Count; i++)
        {
            if (envFactories[i] is null)
            {
                throw new ArgumentException($"Env factory {i} is null.", nameof(envFactories));
            }
        }
    }

    /// <summary>
    /// Gymnasium requires identical sub-env spaces; spaces have no equality here, so their Gymnasium-style
    /// descriptions are compared, which covers type, bounds, shape and dtype.
    /// </summary>
    public static void RequireSameSpaces<TObs, TAct>(IReadOnlyList<IEnv<TObs, TAct>> envs)
        where TObs : notnull
        where TAct : notnull
    {
        string observationSpace = envs[0].ObservationSpace.ToString()!;
        string actionSpace = envs[0].ActionSpace.ToString()!;
        for (int i = 1; i < envs.Count; i++)
        {
            if (envs[i].ObservationSpace.ToString() != observationSpace)
            {
                throw new ArgumentException($"Env {i} has observation space {envs[i].ObservationSpace} but env 0 has {observationSpace}.");
            }

            if (envs[i].ActionSpace.ToString() != actionSpace)
            {
                throw new ArgumentException($"Env {i} has action space {envs[i].ActionSpace} but env 0 has {actionSpace}.");
            }
        }
    }

    public static string WrongActionCount(int actual, int numEnvs) => $"Expected {numEnvs} actions (one per env), got {actual}.";

    public static long? SeedFor(long? seed, int index) => seed is long s ? unchecked(s + index) : null;
}
