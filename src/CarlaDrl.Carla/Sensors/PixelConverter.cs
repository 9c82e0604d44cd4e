using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CarlaDrl.Carla.Sensors;

/// <summary>BGRA → RGB (alpha dropped, spec §8) with 16-byte shuffles (SSSE3), four pixels per step; plain bytes elsewhere.</summary>
public static class PixelConverter
{

    /// <summary>Writes the RGB bytes of <paramref name="bgra"/> (4 per pixel) into <paramref name="rgb"/> (3 per pixel).</summary>
    public static void BgraToRgb(ReadOnlySpan<byte> bgra, Span<byte> rgb)
    {
        int pixels = bgra.Length / 4;
        if (bgra.Length % 4 != 0 || rgb.Length < 3 * pixels)
        {
            throw new ArgumentException($"{bgra.Length} BGRA bytes need a whole number of pixels and {3 * pixels} RGB bytes; got {rgb.Length}.", nameof(rgb));
        }

        int p = 0;
        if (Ssse3.IsSupported)
        {
            ref byte src = ref MemoryMarshal.GetReference(bgra);
            ref byte dst = ref MemoryMarshal.GetReference(rgb);
            Vector128<byte> mask = Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0x80, 0x80, 0x80, 0x80);

            // Each step stores 16 bytes and advances 12, so stop while 4 spare bytes remain past the last pixel.
            for (; p + 4 <= pixels && (3 * p) + 16 <= rgb.Length; p += 4)
            {
                Vector128<byte> v = Vector128.LoadUnsafe(ref src, (nuint)(4 * p));
                Ssse3.Shuffle(v, mask).StoreUnsafe(ref Unsafe.Add(ref dst, 3 * p));
            }
        }

        for (; p < pixels; p++)
        {
            rgb[3 * p] = bgra[(4 * p) + 2];
            rgb[(3 * p) + 1] = bgra[(4 * p) + 1];
            rgb[(3 * p) + 2] = bgra[4 * p];
        }
    }
}
