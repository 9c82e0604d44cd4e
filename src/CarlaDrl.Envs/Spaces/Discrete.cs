namespace CarlaDrl.Envs.Spaces;

/// <summary>Gymnasium's <c>Discrete(n, start)</c>: the integers start, start + 1, ..., start + n - 1.</summary>
public sealed class Discrete : Space<int>
{
    public Discrete(int n, int start = 0)
        : base([], Spaces.DType.Int32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if ((long)start + n - 1 > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Discrete({n}, start={start}) does not fit in int.");
        }

        N = n;
        Start = start;
    }

    public int N { get; }

    public int Start { get; }

    public override int Sample() => Start + NpRandom.NextInt(N);

    public override bool Contains(int value) => value >= Start && value - Start < N;

    public override int Create() => Start;

    /// <summary>Always throws: an int has no storage to copy into; assign it instead.</summary>
    public override void CopyTo(int source, int destination) =>
        throw new NotSupportedException("Discrete values are ints: copy them by assignment (or Clone), not CopyTo.");

    public override int Clone(int value) => value;

    public override string ToString() => Start == 0 ? $"Discrete({N})" : $"Discrete({N}, start={Start})";
}
