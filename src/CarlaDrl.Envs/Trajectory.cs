namespace CarlaDrl.Envs;

/// <summary>A recorded sequence of (cloned) observations, rewards and flags, compared by <see cref="EnvChecker"/>.</summary>
internal sealed class Trajectory<TObs>
    where TObs : notnull
{
    private readonly List<(TObs Observation, double Reward, bool Terminated, bool Truncated)> _entries = [];

    public void Add(TObs observation, double reward, bool terminated, bool truncated) =>
        _entries.Add((observation, reward, terminated, truncated));

    /// <summary>Null when identical; otherwise the first differing entry (entry 0 is the reset).</summary>
    public string? Difference(Trajectory<TObs> other)
    {
        for (int i = 0; i < Math.Min(_entries.Count, other._entries.Count); i++)
        {
            var (a, b) = (_entries[i], other._entries[i]);
            string where = $"at entry {i} of the seeded trajectory";
            if (ObservationComparer.Difference(a.Observation, b.Observation) is { } difference)
            {
                return $"{where}: {difference}";
            }

            if (a.Reward.CompareTo(b.Reward) != 0 || a.Terminated != b.Terminated || a.Truncated != b.Truncated)
            {
                return $"{where}: (reward, terminated, truncated) was {(a.Reward, a.Terminated, a.Truncated)}, then {(b.Reward, b.Terminated, b.Truncated)}";
            }
        }

        return _entries.Count == other._entries.Count
            ? null
            : $"the seeded trajectory had {_entries.Count} entries, then {other._entries.Count}";
    }
}
