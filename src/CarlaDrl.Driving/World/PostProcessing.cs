namespace CarlaDrl.Driving.World;

/// <summary>Camera post-processing; the numeric values are the image type codes of the camera blob header (spec §7).</summary>
public enum PostProcessing
{
    None = 0,
    SceneFinal = 1,
    Depth = 2,
    SemanticSegmentation = 3,
}
