namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// One solid box the camera draws: centre of its footprint (m), bottom height and height (m), half length along its
/// yaw and half width (m), yaw (rad), albedo colour (0..1) and semantic label. <see cref="LightId"/> ≥ 0 marks the
/// lamp of a traffic light whose colour follows that light's state.
/// </summary>
internal struct RenderBox
{
    public double X;
    public double Y;
    public double Bottom;
    public double Height;
    public double HalfLength;
    public double HalfWidth;
    public double Yaw;
    public float R;
    public float G;
    public float B;
    public SemanticLabel Label;
    public int LightId;

    /// <summary>Radius of the bounding sphere around the box's centre, m.</summary>
    public double Radius;

    /// <summary>cos and sin of <see cref="Yaw"/>, computed once.</summary>
    public double Cos;

    public double Sin;

    public RenderBox(double x, double y, double bottom, double height, double halfLength, double halfWidth, double yaw, (float R, float G, float B) color, SemanticLabel label, int lightId = -1)
    {
        X = x;
        Y = y;
        Bottom = bottom;
        Height = height;
        HalfLength = halfLength;
        HalfWidth = halfWidth;
        Yaw = yaw;
        (R, G, B) = color;
        Label = label;
        LightId = lightId;
        Radius = Math.Sqrt((halfLength * halfLength) + (halfWidth * halfWidth) + (0.25 * height * height));
        (Sin, Cos) = Math.SinCos(yaw);
    }
}
