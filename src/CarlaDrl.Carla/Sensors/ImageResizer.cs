using System.Buffers;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Sensors;

/// <summary>
/// Shrinks a BGRA camera frame to an RGB observation (H×W×3, HWC) by area averaging: each output pixel is the mean of
/// the source pixels whose columns and rows fall in its cell (OpenCV's INTER_AREA for integer ratios). This is the
/// client's per-frame cost on real CARLA (DESIGN.md §4), so it reads every source pixel once and allocates nothing.
/// </summary>
public static class ImageResizer
{
    /// <summary>Resizes <paramref name="image"/> into <paramref name="rgb"/> (3·<paramref name="width"/>·<paramref name="height"/> bytes).</summary>
    public static void ResizeToRgb(CameraImage image, Span<byte> rgb, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ResizeToRgb(image.Bgra, image.Width, image.Height, rgb, width, height);
    }

    /// <summary>Resizes a BGRA frame (4·<paramref name="sourceWidth"/>·<paramref name="sourceHeight"/> bytes) into RGB.</summary>
    public static void ResizeToRgb(ReadOnlySpan<byte> bgra, int sourceWidth, int sourceHeight, Span<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceHeight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (bgra.Length < 4 * sourceWidth * sourceHeight)
        {
            throw new ArgumentException($"A {sourceWidth}×{sourceHeight} BGRA frame needs {4 * sourceWidth * sourceHeight} bytes, got {bgra.Length}.", nameof(bgra));
        }

        if (rgb.Length != 3 * width * height)
        {
            throw new ArgumentException($"A {width}×{height} RGB image needs {3 * width * height} bytes, got {rgb.Length}.", nameof(rgb));
        }

        if (width > sourceWidth || height > sourceHeight)
        {
            throw new ArgumentException($"ResizeToRgb only shrinks: {sourceWidth}×{sourceHeight} → {width}×{height}.", nameof(width));
        }

        int[] pooledBins = ArrayPool<int>.Shared.Rent(sourceWidth);
        int[] pooledSums = ArrayPool<int>.Shared.Rent(3 * width);
        try
        {
            Span<int> bin = pooledBins.AsSpan(0, sourceWidth);
            Span<int> sums = pooledSums.AsSpan(0, 3 * width);
            for (int ox = 0; ox < width; ox++)
            {
                int x0 = ox * sourceWidth / width, x1 = (ox + 1) * sourceWidth / width;
                for (int x = x0; x < x1; x++)
                {
                    bin[x] = 3 * ox;
                }
            }

            for (int oy = 0; oy < height; oy++)
            {
                int y0 = oy * sourceHeight / height, y1 = (oy + 1) * sourceHeight / height;
                sums.Clear();
                for (int y = y0; y < y1; y++)
                {
                    ReadOnlySpan<byte> row = bgra.Slice(4 * y * sourceWidth, 4 * sourceWidth);
                    for (int x = 0, s = 0; x < sourceWidth; x++, s += 4)
                    {
                        int b = bin[x];
                        sums[b] += row[s + 2];
                        sums[b + 1] += row[s + 1];
                        sums[b + 2] += row[s];
                    }
                }

                Span<byte> outRow = rgb.Slice(3 * oy * width, 3 * width);
                for (int ox = 0; ox < width; ox++)
                {
                    int count = (((ox + 1) * sourceWidth / width) - (ox * sourceWidth / width)) * (y1 - y0);
                    int half = count / 2;
                    outRow[3 * ox] = (byte)((sums[3 * ox] + half) / count);
                    outRow[(3 * ox) + 1] = (byte)((sums[(3 * ox) + 1] + half) / count);
                    outRow[(3 * ox) + 2] = (byte)((sums[(3 * ox) + 2] + half) / count);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(pooledBins);
            ArrayPool<int>.Shared.Return(pooledSums);
        }
    }
}
