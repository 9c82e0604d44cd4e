using System.Buffers;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Sensors;

/// <summary>
/// Shrinks a BGRA camera frame to an RGB observation (H×W×3, HWC) by area averaging: each output pixel is the mean of
/// the source pixels whose columns and rows fall in its cell (OpenCV's INTER_AREA for integer ratios). This is the
/// client's per-frame cost on real CARLA (DESIGN.md §4): rows are summed with 16-byte vector adds, every source byte
/// is read once, and nothing is allocated.
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

        int maxRows = ((sourceHeight + height - 1) / height) + 1;
        int[] pooledColumnSums = ArrayPool<int>.Shared.Rent(4 * sourceWidth);
        ushort[] pooledRowSums = ArrayPool<ushort>.Shared.Rent((4 * sourceWidth) + 16);
        try
        {
            Span<int> columnSums = pooledColumnSums.AsSpan(0, 4 * sourceWidth);
            Span<ushort> rowSums = pooledRowSums.AsSpan(0, 4 * sourceWidth);
            bool narrow = maxRows * 255 <= ushort.MaxValue; // a cell's column sums fit 16 bits: add 16 bytes at a time
            for (int oy = 0; oy < height; oy++)
            {
                int y0 = oy * sourceHeight / height, y1 = (oy + 1) * sourceHeight / height;

                // 1. Sum the cell's rows, per byte of the row (B, G, R, A of every column).
                if (narrow)
                {
                    rowSums.Clear();
                    for (int y = y0; y < y1; y++)
                    {
                        AddRow(bgra.Slice(4 * y * sourceWidth, 4 * sourceWidth), rowSums);
                    }

                    for (int i = 0; i < columnSums.Length; i++)
                    {
                        columnSums[i] = rowSums[i];
                    }
                }
                else
                {
                    columnSums.Clear();
                    for (int y = y0; y < y1; y++)
                    {
                        ReadOnlySpan<byte> row = bgra.Slice(4 * y * sourceWidth, 4 * sourceWidth);
                        for (int i = 0; i < row.Length; i++)
                        {
                            columnSums[i] += row[i];
                        }
                    }
                }

                // 2. Sum the cell's columns and divide, rounding to nearest.
                Span<byte> outRow = rgb.Slice(3 * oy * width, 3 * width);
                for (int ox = 0; ox < width; ox++)
                {
                    int x0 = ox * sourceWidth / width, x1 = (ox + 1) * sourceWidth / width;
                    int b = 0, g = 0, r = 0;
                    for (int x = x0; x < x1; x++)
                    {
                        b += columnSums[4 * x];
                        g += columnSums[(4 * x) + 1];
                        r += columnSums[(4 * x) + 2];
                    }

                    int count = (x1 - x0) * (y1 - y0);
                    int half = count / 2;
                    outRow[3 * ox] = (byte)((r + half) / count);
                    outRow[(3 * ox) + 1] = (byte)((g + half) / count);
                    outRow[(3 * ox) + 2] = (byte)((b + half) / count);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(pooledColumnSums);
            ArrayPool<ushort>.Shared.Return(pooledRowSums);
        }
    }

    /// <summary>sums[i] += row[i], sixteen bytes at a time.</summary>
    private static void AddRow(ReadOnlySpan<byte> row, Span<ushort> sums)
    {
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref byte src = ref MemoryMarshal.GetReference(row);
            ref ushort dst = ref MemoryMarshal.GetReference(sums);
            for (; i + 16 <= row.Length; i += 16)
            {
                (Vector128<ushort> lower, Vector128<ushort> upper) = Vector128.Widen(Vector128.LoadUnsafe(ref src, (nuint)i));
                (Vector128.LoadUnsafe(ref dst, (nuint)i) + lower).StoreUnsafe(ref dst, (nuint)i);
                (Vector128.LoadUnsafe(ref dst, (nuint)(i + 8)) + upper).StoreUnsafe(ref dst, (nuint)(i + 8));
            }
        }

        for (; i < row.Length; i++)
        {
            sums[i] += row[i];
        }
    }
}
