namespace CarlaDrl.Driving.World;

/// <summary>A camera (spec §9): image size in pixels, horizontal field of view in degrees, post-processing.</summary>
public sealed record CameraDefinition : SensorDefinition
{
    /// <summary>Largest accepted image side, in pixels (beyond any real use; guards against typos and overflow).</summary>
    public const int MaxImageSide = 8192;

    public CameraDefinition(string name) : base(name)
    {
    }

    public override SensorType Type => SensorType.Camera;

    public PostProcessing PostProcessing { get; init; } = PostProcessing.SceneFinal;

    public int ImageSizeX { get; init; } = 720;

    public int ImageSizeY { get; init; } = 512;

    /// <summary>Horizontal field of view, degrees.</summary>
    public float Fov { get; init; } = 90f;

    internal override void Validate(string path, List<string> errors)
    {
        base.Validate(path, errors);
        if (ImageSizeX <= 0 || ImageSizeX > MaxImageSide)
        {
            errors.Add($"{path}.ImageSizeX = {ImageSizeX} is out of range; allowed: 1..{MaxImageSide} pixels.");
        }

        if (ImageSizeY <= 0 || ImageSizeY > MaxImageSide)
        {
            errors.Add($"{path}.ImageSizeY = {ImageSizeY} is out of range; allowed: 1..{MaxImageSide} pixels.");
        }

        if (!(Fov > 0f && Fov < 180f))
        {
            errors.Add($"{path}.Fov = {Fov} is out of range; allowed: greater than 0 and less than 180 degrees.");
        }

        if (!Enum.IsDefined(PostProcessing))
        {
            errors.Add($"{path}.PostProcessing = {(int)PostProcessing} is unknown; allowed: None, SceneFinal, Depth, SemanticSegmentation.");
        }
    }
}
