namespace CarlaDrl.Driving.Geometry;

/// <summary>Angle helpers. Worlds speak degrees (protocol units), internals radians; names say which.</summary>
public static class Angles
{
    public const double DegreesPerRadian = 180.0 / Math.PI;
    public const double RadiansPerDegree = Math.PI / 180.0;

    /// <summary>Wraps an angle to (−π, π].</summary>
    public static double WrapRadians(double angle)
    {
        angle %= 2 * Math.PI;
        if (angle <= -Math.PI)
        {
            angle += 2 * Math.PI;
        }
        else if (angle > Math.PI)
        {
            angle -= 2 * Math.PI;
        }

        return angle;
    }

    /// <summary>Wraps an angle to (−180, 180] degrees.</summary>
    public static double WrapDegrees(double angle) => WrapRadians(angle * RadiansPerDegree) * DegreesPerRadian;
}
