namespace CarlaDrl.Driving.Tasks;

/// <summary>A reward term from a name and a pure function of the step (see <see cref="RewardTerms"/>).</summary>
public sealed class RewardTerm : IRewardTerm
{
    private readonly Func<RewardContext, double> _value;

    public RewardTerm(string name, Func<RewardContext, double> value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        _value = value ?? throw new ArgumentNullException(nameof(value));
    }

    public string Name { get; }

    public double Value(in RewardContext context) => _value(context);
}
