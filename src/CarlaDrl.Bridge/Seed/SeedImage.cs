namespace CarlaDrl.Bridge.Seed;

/// <summary>A decoded seed image: H×W×3 RGB (HWC) bytes in a buffer reused message to message.</summary>
internal sealed class SeedImage
{
    private byte[] _rgb = [];

    public bool Present { get; set; }

    public int Width { get; private set; }

    public int Height { get; private set; }

    /// <summary>The 3·W·H bytes of the last decoded image.</summary>
    public Span<byte> Rgb => _rgb.AsSpan(0, 3 * Width * Height);

    /// <summary>Sizes the buffer for a W×H image (grows only) and returns its RGB span.</summary>
    public Span<byte> Begin(int width, int height)
    {
        Width = width;
        Height = height;
        int length = 3 * width * height;
        if (_rgb.Length < length)
        {
            _rgb = new byte[length];
        }

        Present = true;
        return _rgb.AsSpan(0, length);
    }
}
