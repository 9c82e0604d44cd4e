namespace CarlaDrl.Driving.Tasks;

/// <summary>A weighted sum of named terms. <see cref="Compute"/> also fills each term's weighted value for logging.</summary>
public sealed class RewardFunction
{
    private readonly IRewardTerm[] _terms;
    private readonly double[] _weights;

    public RewardFunction(string preset, IReadOnlyList<(IRewardTerm Term, double Weight)> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        Preset = preset;
        _terms = terms.Select(t => t.Term).ToArray();
        _weights = terms.Select(t => t.Weight).ToArray();
        Names = _terms.Select(t => t.Name).ToArray();
        LogKeys = Names.Select(n => "reward/" + n).ToArray();
    }

    public string Preset { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>"reward/&lt;name&gt;" per term, precomputed so logging allocates nothing.</summary>
    public IReadOnlyList<string> LogKeys { get; }

    public double Weight(int term) => _weights[term];

    /// <summary>The step's reward; <paramref name="weighted"/> receives each term's weighted value.</summary>
    public double Compute(in RewardContext context, Span<double> weighted)
    {
        double total = 0;
        for (int i = 0; i < _terms.Length; i++)
        {
            weighted[i] = _weights[i] * _terms[i].Value(context);
            total += weighted[i];
        }

        return total;
    }
}
