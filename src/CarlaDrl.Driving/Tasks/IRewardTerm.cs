namespace CarlaDrl.Driving.Tasks;

/// <summary>One named part of the reward; its raw value is multiplied by a weight and logged as <c>reward/&lt;name&gt;</c>.</summary>
public interface IRewardTerm
{
    string Name { get; }

    double Value(in RewardContext context);
}
