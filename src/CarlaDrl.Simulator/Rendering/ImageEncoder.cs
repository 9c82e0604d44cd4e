using CarlaDrl.Driving.World;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// Turns a camera's buffers into CARLA's image layout (spec §7–8): BGRA bytes, top row first. SceneFinal: colour
/// with fog, rain streaks and display gamma (also written as RGB H×W×3 when asked); Depth: depth / 1000 m as a 24-bit
/// value with R the low byte; SemanticSegmentation: the label in R.
/// </summary>
internal static class ImageEncoder
{
    private static readonly byte[] Gamma = BuildGamma();

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
        (float fr, float fg, float fb) = light.Fog;
        for (int i = 0; i < n; i++)
        {
            if (label[i] != (byte)SemanticLabel.None)
            {
                float f = light.FogAt(depth[i]);
                r[i] += (fr - r[i]) * f;
                g[i] += (fg - g[i]) * f;
                b[i] += (fb - b[i]) * f;
            }
        }

        if (light.Rain > 0)
        {
            AddRain(w, h, r, g, b, light.Rain, frame);
        }

        bool withRgb = rgb.Length >= 3 * n;
        for (int i = 0, o = 0, q = 0; i < n; i++, o += 4, q += 3)
        {
            byte rr = ToByte(r[i]), gg = ToByte(g[i]), bb = ToByte(b[i]);
            bgra[o] = bb;
            bgra[o + 1] = gg;
            bgra[o + 2] = rr;
            bgra[o + 3] = 255;
            if (withRgb)
            {
                rgb[q] = rr;
                rgb[q + 1] = gg;
                rgb[q + 2] = bb;
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

    private static byte ToByte(float linear)
    {
        int index = (int)(linear * 1023);
        return Gamma[index < 0 ? 0 : index > 1023 ? 1023 : index];
    }

    private static byte[] BuildGamma()
    {
        var table = new byte[1024];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = (byte)Math.Round(255 * Math.Pow(i / 1023.0, 1 / 2.2));
        }

        return table;
    }
}
