namespace CarlaDrl.Learning.Observations;

/// <summary>An image part of an observation: uint8 <c>Height × Width × Channels</c> (HWC), e.g. <c>camera</c>.</summary>
/// <param name="Key">The Dict key, or null when the whole observation is this image.</param>
/// <param name="Height">Rows, in pixels.</param>
/// <param name="Width">Columns, in pixels.</param>
/// <param name="Channels">Channels per pixel (3 for RGB).</param>
public sealed record ImagePart(string? Key, int Height, int Width, int Channels)
{
    public int Length => Height * Width * Channels;
}
