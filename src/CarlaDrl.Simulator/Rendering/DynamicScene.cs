namespace CarlaDrl.Simulator.Rendering;

/// <summary>The moving things of one tick as render boxes (cars as body + cabin, people as body + head), rebuilt in place.</summary>
internal sealed class DynamicScene
{
    private RenderBox[] _boxes = new RenderBox[256];

    public int Count { get; private set; }

    public ReadOnlySpan<RenderBox> Boxes => _boxes.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>A car (or a two-wheeler): lower body over the full length, a glassy cabin on its rear two thirds.</summary>
    public void AddVehicle(double x, double y, double yaw, double halfLength, double halfWidth, double halfHeight, double shade, bool twoWheeled)
    {
        double height = 2 * halfHeight;
        var paint = Palette.CarPaint(shade);
        if (twoWheeled)
        {
            Add(new RenderBox(x, y, 0, height, halfLength, halfWidth, yaw, paint, SemanticLabel.Vehicles));
            return;
        }

        double body = 0.55 * height;
        Add(new RenderBox(x, y, 0.15, body - 0.15, halfLength, halfWidth, yaw, paint, SemanticLabel.Vehicles));
        double back = -0.15 * halfLength;
        Add(new RenderBox(x + (Math.Cos(yaw) * back), y + (Math.Sin(yaw) * back), body, height - body, 0.55 * halfLength, 0.92 * halfWidth, yaw, Palette.Glass, SemanticLabel.Vehicles));
    }

    /// <summary>A pedestrian standing (legs and torso in clothes, a head) or lying on the ground.</summary>
    public void AddPedestrian(double x, double y, double yaw, double shade, bool down)
    {
        if (down)
        {
            Add(new RenderBox(x, y, 0, 0.3, 0.85, 0.25, yaw, Palette.Cloth(shade), SemanticLabel.Pedestrians));
            return;
        }

        Add(new RenderBox(x, y, 0, 1.5, 0.18, 0.25, yaw, Palette.Cloth(shade), SemanticLabel.Pedestrians));
        Add(new RenderBox(x, y, 1.5, 0.28, 0.11, 0.11, yaw, Palette.Skin, SemanticLabel.Pedestrians));
    }

    private void Add(in RenderBox box)
    {
        if (Count == _boxes.Length)
        {
            Array.Resize(ref _boxes, _boxes.Length * 2);
        }

        _boxes[Count++] = box;
    }
}
