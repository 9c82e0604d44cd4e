using System.Text.RegularExpressions;

namespace CarlaDrl.Envs;

/// <summary>
/// Identity of an env (Gymnasium's <c>EnvSpec</c>, reduced to what we use). Ids are <c>kebab-case-vN</c>
/// (CONVENTIONS.md: bump N when a change can alter learning).
/// </summary>
public sealed partial record EnvSpec
{
    public EnvSpec(string id, int? maxEpisodeSteps = null)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IdPattern().IsMatch(id))
        {
            throw new ArgumentException($"Env id '{id}' is not kebab-case-vN (e.g. 'driving-v1').", nameof(id));
        }

        if (maxEpisodeSteps is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "max_episode_steps must be positive.");
        }

        Id = id;
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    public string Id { get; }

    /// <summary>The time limit that <c>Wrappers.TimeLimit</c> applies when given none; null for none.</summary>
    public int? MaxEpisodeSteps { get; }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*-v[0-9]+$")]
    private static partial Regex IdPattern();
}
