namespace CarlaDrl.Carla.Sensors;

/// <summary>
/// The 24-byte camera header after the sensor id (spec §7): engine frame, width and height in pixels, image type
/// (0 None, 1 SceneFinal, 2 Depth, 3 SemanticSegmentation; anything else reads as Unknown) and horizontal FOV in degrees.
/// </summary>
public readonly record struct CameraBlobHeader(ulong FrameNumber, int Width, int Height, uint ImageType, float FovDegrees);
