namespace CarlaDrl.Driving.World;

/// <summary>CARLA's <c>QualityLevel</c> (spec §9): only Low and Epic change anything on the real server.</summary>
public enum QualityLevel
{
    Low,
    Medium,
    High,
    Epic,
}
