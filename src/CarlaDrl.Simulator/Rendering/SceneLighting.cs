namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// Light, sky and atmosphere of a weather preset, precomputed for shading: sun direction, sun and ambient colours,
/// sky colours at the zenith and the horizon, fog colour and density (1/m), wetness and rain.
/// </summary>
internal sealed class SceneLighting
{
    public SceneLighting(WeatherPreset weather)
    {
        Weather = weather;
        double e = weather.SunElevationDegrees * Math.PI / 180, a = weather.SunAzimuthDegrees * Math.PI / 180;
        SunX = Math.Cos(e) * Math.Cos(a);
        SunY = Math.Cos(e) * Math.Sin(a);
        SunZ = Math.Sin(e);
        double sun = 1.0 - (0.85 * weather.Cloudiness);
        (float r, float g, float b) sunColor = weather.Sunset ? (1.0f, 0.62f, 0.38f) : (1.0f, 0.97f, 0.90f);
        SunR = (float)(sun * sunColor.r);
        SunG = (float)(sun * sunColor.g);
        SunB = (float)(sun * sunColor.b);
        double ambient = 0.35 + (0.25 * weather.Cloudiness);
        AmbientR = (float)(ambient * (weather.Sunset ? 0.85 : 0.90));
        AmbientG = (float)(ambient * (weather.Sunset ? 0.75 : 0.95));
        AmbientB = (float)(ambient * (weather.Sunset ? 0.80 : 1.00));
        (float, float, float) clearZenith = weather.Sunset ? (0.20f, 0.25f, 0.45f) : (0.25f, 0.48f, 0.85f);
        (float, float, float) clearHorizon = weather.Sunset ? (0.98f, 0.60f, 0.32f) : (0.68f, 0.80f, 0.93f);
        (float, float, float) grey = weather.Sunset ? (0.45f, 0.40f, 0.40f) : (0.62f, 0.64f, 0.67f);
        float c = (float)weather.Cloudiness;
        Zenith = Mix(clearZenith, (grey.Item1 * 0.85f, grey.Item2 * 0.85f, grey.Item3 * 0.85f), c);
        Horizon = Mix(clearHorizon, grey, c);
        Fog = Mix(Horizon, grey, 0.5f);
        FogDensity = 0.0004 + (0.02 * weather.Fog * weather.Fog);
        Wetness = (float)weather.Wetness;
        Rain = weather.Rain;
        GroundLight = ((float)(AmbientR + (SunR * Math.Max(0, SunZ))), (float)(AmbientG + (SunG * Math.Max(0, SunZ))), (float)(AmbientB + (SunB * Math.Max(0, SunZ))));
        FogLut = new float[FogLutSize];
        for (int i = 0; i < FogLutSize; i++)
        {
            FogLut[i] = (float)(1 - Math.Exp(-FogDensity * i * FogLutStepMeters));
        }
    }

    public const double FogLutStepMeters = 0.5;
    public const int FogLutSize = 2001;

    public WeatherPreset Weather { get; }

    public double SunX { get; }

    public double SunY { get; }

    public double SunZ { get; }

    public float SunR { get; }

    public float SunG { get; }

    public float SunB { get; }

    public float AmbientR { get; }

    public float AmbientG { get; }

    public float AmbientB { get; }

    public (float R, float G, float B) Zenith { get; }

    public (float R, float G, float B) Horizon { get; }

    public (float R, float G, float B) Fog { get; }

    public double FogDensity { get; }

    public float Wetness { get; }

    public double Rain { get; }

    /// <summary>Light falling on flat ground (ambient + sun·sin(elevation)).</summary>
    public (float R, float G, float B) GroundLight { get; }

    /// <summary>Fog blend factor by depth in <see cref="FogLutStepMeters"/> steps.</summary>
    public float[] FogLut { get; }

    public float FogAt(double depth)
    {
        int i = (int)(depth * (1 / FogLutStepMeters));
        return FogLut[i < FogLutSize ? i : FogLutSize - 1];
    }

    /// <summary>Light on a face with unit normal n.</summary>
    public (float R, float G, float B) FaceLight(double nx, double ny, double nz)
    {
        float d = (float)Math.Max(0, (nx * SunX) + (ny * SunY) + (nz * SunZ));
        return (AmbientR + (SunR * d), AmbientG + (SunG * d), AmbientB + (SunB * d));
    }

    private static (float, float, float) Mix((float, float, float) a, (float, float, float) b, float t) =>
        (a.Item1 + ((b.Item1 - a.Item1) * t), a.Item2 + ((b.Item2 - a.Item2) * t), a.Item3 + ((b.Item3 - a.Item3) * t));
}
