namespace CarlaDrl.Driving.World;

/// <summary>
/// An ego-centred top-down semantic map (a common RL observation, as in gym-carla and Roach): roads, lane lines,
/// sidewalks, the route, vehicles, pedestrians and traffic-light states, the ego heading up. Only the embedded world
/// renders it; it arrives as a camera image (BGRA, SceneFinal) in the palette documented in docs/sensors.md.
/// </summary>
public sealed record BirdEyeViewDefinition : SensorDefinition
{
    public BirdEyeViewDefinition(string name) : base(name)
    {
    }

    public override SensorType Type => SensorType.Camera;

    public int ImageSizeX { get; init; } = 64;

    public int ImageSizeY { get; init; } = 64;

    /// <summary>Ground resolution, metres per pixel.</summary>
    public float MetersPerPixel { get; init; } = 0.5f;

    /// <summary>Where the ego sits, as a fraction of the image height from the bottom (0.5 = centred).</summary>
    public float EgoFromBottom { get; init; } = 0.25f;

    internal override void Validate(string path, List<string> errors)
    {
        base.Validate(path, errors);
        if (ImageSizeX is <= 0 or > CameraDefinition.MaxImageSide)
        {
            errors.Add($"{path}.ImageSizeX = {ImageSizeX} is out of range; allowed: 1..{CameraDefinition.MaxImageSide} pixels.");
        }

        if (ImageSizeY is <= 0 or > CameraDefinition.MaxImageSide)
        {
            errors.Add($"{path}.ImageSizeY = {ImageSizeY} is out of range; allowed: 1..{CameraDefinition.MaxImageSide} pixels.");
        }

        if (!(MetersPerPixel >= 0.01f && MetersPerPixel <= 10f))
        {
            errors.Add($"{path}.MetersPerPixel = {MetersPerPixel} is out of range; allowed: 0.01..10 m per pixel.");
        }

        if (!(EgoFromBottom >= 0f && EgoFromBottom <= 1f))
        {
            errors.Add($"{path}.EgoFromBottom = {EgoFromBottom} is out of range; allowed: 0..1.");
        }
    }
}
