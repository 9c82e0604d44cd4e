namespace CarlaDrl.Simulator.Rendering;

/// <summary>Albedo colours (linear 0..1) of the embedded world's materials, and picks from a shade 0..1.</summary>
internal static class Palette
{
    public static readonly (float R, float G, float B) Road = (0.30f, 0.30f, 0.32f);
    public static readonly (float R, float G, float B) Paint = (0.85f, 0.85f, 0.82f);
    public static readonly (float R, float G, float B) Kerb = (0.55f, 0.55f, 0.55f);
    public static readonly (float R, float G, float B) Sidewalk = (0.66f, 0.64f, 0.61f);
    public static readonly (float R, float G, float B) Grass = (0.30f, 0.46f, 0.20f);
    public static readonly (float R, float G, float B) Trunk = (0.35f, 0.25f, 0.15f);
    public static readonly (float R, float G, float B) Canopy = (0.20f, 0.42f, 0.16f);
    public static readonly (float R, float G, float B) Metal = (0.45f, 0.46f, 0.48f);
    public static readonly (float R, float G, float B) Dark = (0.08f, 0.08f, 0.09f);
    public static readonly (float R, float G, float B) Glass = (0.12f, 0.15f, 0.20f);
    public static readonly (float R, float G, float B) Skin = (0.80f, 0.62f, 0.50f);
    public static readonly (float R, float G, float B) Wall = (0.58f, 0.55f, 0.50f);
    public static readonly (float R, float G, float B) Fence = (0.50f, 0.40f, 0.30f);
    public static readonly (float R, float G, float B) SignPlate = (0.90f, 0.90f, 0.90f);

    private static readonly (float R, float G, float B)[] Facades =
    [
        (0.72f, 0.66f, 0.56f), (0.60f, 0.45f, 0.38f), (0.78f, 0.76f, 0.70f), (0.55f, 0.56f, 0.60f),
        (0.80f, 0.70f, 0.52f), (0.48f, 0.36f, 0.30f), (0.68f, 0.68f, 0.66f), (0.62f, 0.58f, 0.48f),
    ];

    private static readonly (float R, float G, float B)[] CarPaints =
    [
        (0.70f, 0.08f, 0.08f), (0.08f, 0.18f, 0.55f), (0.85f, 0.85f, 0.85f), (0.10f, 0.10f, 0.10f),
        (0.45f, 0.47f, 0.50f), (0.75f, 0.60f, 0.10f), (0.12f, 0.40f, 0.20f), (0.55f, 0.30f, 0.10f),
    ];

    private static readonly (float R, float G, float B)[] Clothes =
    [
        (0.15f, 0.20f, 0.45f), (0.60f, 0.15f, 0.15f), (0.20f, 0.20f, 0.20f), (0.70f, 0.65f, 0.40f),
        (0.25f, 0.45f, 0.30f), (0.50f, 0.50f, 0.55f),
    ];

    public static (float R, float G, float B) Facade(double shade) => Pick(Facades, shade);

    public static (float R, float G, float B) CarPaint(double shade) => Pick(CarPaints, shade);

    public static (float R, float G, float B) Cloth(double shade) => Pick(Clothes, shade);

    private static (float R, float G, float B) Pick((float R, float G, float B)[] colors, double shade) =>
        colors[Math.Clamp((int)(shade * colors.Length), 0, colors.Length - 1)];
}
