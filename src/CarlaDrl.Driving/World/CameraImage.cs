namespace CarlaDrl.Driving.World;

/// <summary>
/// A camera frame as CARLA streams it (spec §7): <see cref="Bgra"/> holds 4·W·H bytes, B, G, R, A per pixel,
/// row-major, top row first. Decoding rules follow spec §8. The buffer is reused frame to frame.
/// <see cref="Rgb"/> gives the same pixels as H×W×3 RGB without a per-frame copy when the producer wrote them
/// (the embedded renderer does); otherwise it is converted once per frame on first use.
/// </summary>
public sealed class CameraImage : SensorData
{
    private readonly byte[] _rgb;
    private bool _rgbValid;

    public CameraImage(uint sensorId, string name, int width, int height, PostProcessing imageType, float fovDegrees)
        : base(sensorId, name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        ImageType = imageType;
        FovDegrees = fovDegrees;
        Bgra = new byte[4 * width * height];
        _rgb = new byte[3 * width * height];
    }

    public int Width { get; }

    public int Height { get; }

    public PostProcessing ImageType { get; }

    /// <summary>Horizontal field of view, degrees.</summary>
    public float FovDegrees { get; }

    /// <summary>4·W·H bytes in BGRA order.</summary>
    public byte[] Bgra { get; }

    /// <summary>H×W×3 RGB (HWC) of the current frame; valid until the image is written again.</summary>
    public ReadOnlySpan<byte> Rgb
    {
        get
        {
            if (!_rgbValid)
            {
                CopyRgbTo(_rgb);
                _rgbValid = true;
            }

            return _rgb;
        }
    }

    /// <summary>
    /// For producers: the buffers to fill for a new frame. Write <see cref="Bgra"/>, and the returned RGB buffer too
    /// when <paramref name="rgbWritten"/> is true (it then serves <see cref="Rgb"/> as is).
    /// </summary>
    public Span<byte> BeginWrite(ulong frameNumber, bool rgbWritten)
    {
        FrameNumber = frameNumber;
        _rgbValid = rgbWritten;
        return rgbWritten ? _rgb : [];
    }

    /// <summary>Writes H×W×3 RGB (HWC, alpha dropped) into <paramref name="rgb"/> (length 3·W·H).</summary>
    public void CopyRgbTo(Span<byte> rgb)
    {
        if (rgb.Length != 3 * Width * Height)
        {
            throw new ArgumentException($"RGB buffer has {rgb.Length} bytes; a {Width}×{Height} image needs {3 * Width * Height}.", nameof(rgb));
        }

        ReadOnlySpan<byte> src = Bgra;
        for (int p = 0, s = 0, d = 0; p < Width * Height; p++, s += 4, d += 3)
        {
            rgb[d] = src[s + 2];
            rgb[d + 1] = src[s + 1];
            rgb[d + 2] = src[s];
        }
    }

    /// <summary>Depth in metres at a pixel of a Depth image: (R + 256·G + 65536·B) / (2²⁴ − 1) × 1000 (spec §8).</summary>
    public double DepthMetersAt(int x, int y)
    {
        int i = 4 * ((y * Width) + x);
        double normalized = (Bgra[i + 2] + (256.0 * Bgra[i + 1]) + (65536.0 * Bgra[i])) / 16777215.0;
        return normalized * 1000.0;
    }

    /// <summary>Semantic label at a pixel of a segmentation image: the R byte (spec §8).</summary>
    public byte LabelAt(int x, int y) => Bgra[(4 * ((y * Width) + x)) + 2];
}
