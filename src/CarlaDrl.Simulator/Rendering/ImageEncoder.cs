using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// Turns a camera's buffers into CARLA's image layout (spec §7–8): BGRA bytes, top row first. SceneFinal: colour
/// with fog, rain streaks and display gamma 2 (also written as RGB H×W×3 when asked); Depth: depth / 1000 m as a 24-bit
/// value with R the low byte; SemanticSegmentation: the label in R.
/// </summary>
internal static class ImageEncoder
{
    public static void Encode(PostProcessing type, int w, int h, float[] depth, byte[] label, float[] r, float[] g, float[] b, SceneLighting light, ulong frame, Span<byte> bgra, Span<byte> rgb)
    {
        int n = w * h;
        switch (type)
        {
            case PostProcessing.Depth:
                for (int i = 0, o = 0; i < n; i++, o += 4)
                {
                    double normalized = Math.Clamp(depth[i] / CameraRenderer.FarPlaneMeters, 0, 1);
                    uint v = (uint)Math.Round(normalized * 16777215.0);
                    bgra[o] = (byte)(v >> 16);
                    bgra[o + 1] = (byte)(v >> 8);
                    bgra[o + 2] = (byte)v;
                    bgra[o + 3] = 255;
                }

                break;
            case PostProcessing.SemanticSegmentation:
                for (int i = 0, o = 0; i < n; i++, o += 4)
                {
                    bgra[o] = 0;
                    bgra[o + 1] = 0;
                    bgra[o + 2] = label[i];
                    bgra[o + 3] = 255;
                }

                break;
            default:
                EncodeColor(w, h, depth, label, r, g, b, light, frame, bgra, rgb);
                break;
        }
    }

    private static void EncodeColor(int w, int h, float[] depth, byte[] label, float[] r, float[] g, float[] b, SceneLighting light, ulong frame, Span<byte> bgra, Span<byte> rgb)
    {
        int n = w * h;
        ApplyFog(n, depth, label, r, g, b, light);
        if (light.Rain > 0)
        {
            AddRain(w, h, r, g, b, light.Rain, frame); // streaks fall in front of the fog
        }

        // Display gamma 2 (a square root) and BGRA packing, eight pixels at a time.
        Span<uint> packed = MemoryMarshal.Cast<byte, uint>(bgra[..(4 * n)]);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> scale = Vector256.Create(255f), half = Vector256.Create(0.5f), zero = Vector256<float>.Zero, one = Vector256.Create(1f);
            Vector256<uint> alpha = Vector256.Create(0xFF000000u);
            for (; i + 8 <= n; i += 8)
            {
                Vector256<uint> rb = Byte(Vector256.Create(r.AsSpan(i, 8)));
                Vector256<uint> gb = Byte(Vector256.Create(g.AsSpan(i, 8)));
                Vector256<uint> bb = Byte(Vector256.Create(b.AsSpan(i, 8)));
                (bb | (gb << 8) | (rb << 16) | alpha).CopyTo(packed.Slice(i, 8));
            }

            Vector256<uint> Byte(Vector256<float> linear) =>
                Vector256.ConvertToUInt32((Vector256.Sqrt(Vector256.Min(Vector256.Max(linear, zero), one)) * scale) + half);
        }

        for (; i < n; i++)
        {
            uint rb = (uint)((Math.Sqrt(Math.Clamp(r[i], 0f, 1f)) * 255) + 0.5), gb = (uint)((Math.Sqrt(Math.Clamp(g[i], 0f, 1f)) * 255) + 0.5), bb = (uint)((Math.Sqrt(Math.Clamp(b[i], 0f, 1f)) * 255) + 0.5);
            packed[i] = bb | (gb << 8) | (rb << 16) | 0xFF000000u;
        }

        if (rgb.Length >= 3 * n)
        {
            Span<byte> outRgb = rgb[..(3 * n)];
            int p = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                // Four BGRA pixels → twelve RGB bytes per shuffle; each 16-byte store overlaps the next one's start.
                Vector128<byte> order = Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0, 0, 0, 0);
                ReadOnlySpan<byte> source = bgra;
                for (; p + 4 <= n && (3 * p) + 16 <= outRgb.Length; p += 4)
                {
                    Vector128.Shuffle(Vector128.Create(source.Slice(4 * p, 16)), order).CopyTo(outRgb.Slice(3 * p, 16));
                }
            }

            for (int q = 3 * p; p < n; p++, q += 3)
            {
                uint v = packed[p];
                outRgb[q] = (byte)(v >> 16);
                outRgb[q + 1] = (byte)(v >> 8);
                outRgb[q + 2] = (byte)v;
            }
        }
    }

    /// <summary>Blends everything but the sky towards the fog colour: f = 1 − exp(−density · depth).</summary>
    private static void ApplyFog(int n, float[] depth, byte[] label, float[] r, float[] g, float[] b, SceneLighting light)
    {
        (float fr, float fg, float fb) = light.Fog;
        float density = (float)light.FogDensity;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<float> density8 = Vector256.Create(density), one = Vector256.Create(1f), half = Vector256.Create(0.5f);
            Vector256<float> sixth = Vector256.Create(1f / 6), twentyFourth = Vector256.Create(1f / 24);
            Vector256<float> vr = Vector256.Create(fr), vg = Vector256.Create(fg), vb = Vector256.Create(fb);
            Vector256<float> far = Vector256.Create((float)(CameraRenderer.FarPlaneMeters * 0.999));
            for (; i + 8 <= n; i += 8)
            {
                // The sky is exactly at the far plane; nothing drawn reaches it.
                Vector256<float> d = Vector256.Create(depth.AsSpan(i, 8));
                // exp(−x) as 1 / (4th-order Taylor of eˣ): within 1 % of the fog factor below x = 2, never above 1.
                Vector256<float> x = d * density8;
                Vector256<float> ex = one + (x * (one + (x * (half + (x * (sixth + (x * twentyFourth)))))));
                Vector256<float> f = (one - (one / ex)) & Vector256.LessThan(d, far);
                Vector256<float> cr = Vector256.Create(r.AsSpan(i, 8)), cg = Vector256.Create(g.AsSpan(i, 8)), cb = Vector256.Create(b.AsSpan(i, 8));
                (cr + ((vr - cr) * f)).CopyTo(r.AsSpan(i, 8));
                (cg + ((vg - cg) * f)).CopyTo(g.AsSpan(i, 8));
                (cb + ((vb - cb) * f)).CopyTo(b.AsSpan(i, 8));
            }
        }

        for (; i < n; i++)
        {
            if (label[i] != 0)
            {
                float x = density * depth[i];
                float f = 1 - (1 / (1 + (x * (1 + (x * (0.5f + (x * ((1f / 6) + (x / 24)))))))));
                r[i] += (fr - r[i]) * f;
                g[i] += (fg - g[i]) * f;
                b[i] += (fb - b[i]) * f;
            }
        }
    }

    /// <summary>Short slanted streaks at positions hashed from the frame number: deterministic, different every frame.</summary>
    private static void AddRain(int w, int h, float[] r, float[] g, float[] b, double rain, ulong frame)
    {
        int streaks = (int)(rain * w * h / 80);
        int length = Math.Max(2, h / 14);
        ulong state = (frame * 0x9E3779B97F4A7C15UL) | 1;
        for (int k = 0; k < streaks; k++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            int x0 = (int)(state % (ulong)w), y0 = (int)((state >> 24) % (ulong)h);
            for (int j = 0; j < length; j++)
            {
                int x = x0 + (j / 4), y = y0 + j;
                if (x >= w || y >= h)
                {
                    break;
                }

                int i = (y * w) + x;
                r[i] += (0.78f - r[i]) * 0.35f;
                g[i] += (0.80f - g[i]) * 0.35f;
                b[i] += (0.85f - b[i]) * 0.35f;
            }
        }
    }
}
