using System.Runtime.CompilerServices;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// The town's scenery as render boxes (buildings, walls, fences, trees, poles, traffic lights, signs) in a 25 m
/// grid for view culling. Built once per town layout and shared by all cameras.
/// </summary>
internal sealed class StaticScene
{
    public const double CellMeters = 25;

    private static readonly ConditionalWeakTable<TownLayout, StaticScene> Cache = [];

    private readonly RenderBox[] _boxes;
    private readonly int[][] _cells;

    private StaticScene(TownLayout layout)
    {
        var boxes = new List<RenderBox>();
        foreach (StaticObject o in layout.Objects)
        {
            double x = o.Center.X, y = o.Center.Y;
            switch (o.Kind)
            {
                case StaticObjectKind.Building:
                    boxes.Add(new RenderBox(x, y, 0, o.HeightMeters, o.HalfExtents.X, o.HalfExtents.Y, o.YawRadians, Palette.Facade(o.Shade), SemanticLabel.Buildings));
                    break;
                case StaticObjectKind.Wall:
                    boxes.Add(new RenderBox(x, y, 0, o.HeightMeters, o.HalfExtents.X, o.HalfExtents.Y, o.YawRadians, Palette.Wall, SemanticLabel.Walls));
                    break;
                case StaticObjectKind.Fence:
                    boxes.Add(new RenderBox(x, y, 0, o.HeightMeters, o.HalfExtents.X, o.HalfExtents.Y, o.YawRadians, Palette.Fence, SemanticLabel.Fences));
                    break;
                case StaticObjectKind.Tree:
                    boxes.Add(new RenderBox(x, y, 0, 0.45 * o.HeightMeters, o.HalfExtents.X, o.HalfExtents.X, 0, Palette.Trunk, SemanticLabel.Vegetation));
                    boxes.Add(new RenderBox(x, y, 0.35 * o.HeightMeters, 0.65 * o.HeightMeters, 1.6 + o.Shade, 1.6 + o.Shade, o.Shade * 3, Palette.Canopy, SemanticLabel.Vegetation));
                    break;
                case StaticObjectKind.Pole:
                    boxes.Add(new RenderBox(x, y, 0, o.HeightMeters, o.HalfExtents.X, o.HalfExtents.X, 0, Palette.Metal, SemanticLabel.Poles));
                    boxes.Add(new RenderBox(x, y, o.HeightMeters - 0.2, 0.2, 0.35, 0.15, 0, Palette.Metal, SemanticLabel.Poles));
                    break;
                case StaticObjectKind.SpeedLimitSign:
                    boxes.Add(new RenderBox(x, y, 0, o.HeightMeters, o.HalfExtents.X, o.HalfExtents.X, 0, Palette.Metal, SemanticLabel.Poles));
                    boxes.Add(new RenderBox(x, y, o.HeightMeters - 0.3, 0.6, 0.04, 0.3, 0, Palette.SignPlate, SemanticLabel.TrafficSigns));
                    break;
                case StaticObjectKind.TrafficLightPole:
                    break; // drawn from the light placements below, which know where the head faces
            }
        }

        foreach (TrafficLightPlacement light in layout.TrafficLights)
        {
            Vec2 p = light.PolePosition;
            Vec2 facing = Vec2.FromHeading(light.FacingYawRadians);
            boxes.Add(new RenderBox(p.X, p.Y, 0, 4.4, 0.15, 0.15, 0, Palette.Metal, SemanticLabel.Poles));
            boxes.Add(new RenderBox(p.X, p.Y, 3.5, 0.9, 0.17, 0.2, light.FacingYawRadians, Palette.Dark, SemanticLabel.TrafficSigns));
            Vec2 lamp = p + (facing * 0.22);
            boxes.Add(new RenderBox(lamp.X, lamp.Y, 3.6, 0.7, 0.06, 0.12, light.FacingYawRadians, Palette.Dark, SemanticLabel.TrafficSigns, light.Id));
        }

        _boxes = [.. boxes];
        Min = layout.Surface.Origin;
        Width = (int)Math.Ceiling((layout.Surface.Max.X - Min.X) / CellMeters) + 1;
        Height = (int)Math.Ceiling((layout.Surface.Max.Y - Min.Y) / CellMeters) + 1;
        var cells = new List<int>[Width * Height];
        MaxRadius = 0;
        for (int i = 0; i < _boxes.Length; i++)
        {
            (int cx, int cy) = Cell(_boxes[i].X, _boxes[i].Y);
            (cells[(cy * Width) + cx] ??= []).Add(i);
            MaxRadius = Math.Max(MaxRadius, Math.Sqrt((_boxes[i].HalfLength * _boxes[i].HalfLength) + (_boxes[i].HalfWidth * _boxes[i].HalfWidth)));
        }

        _cells = cells.Select(c => c?.ToArray() ?? []).ToArray();
    }

    public Vec2 Min { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Largest horizontal half-diagonal of any box, m (how far a box reaches out of its cell).</summary>
    public double MaxRadius { get; }

    public ReadOnlySpan<RenderBox> Boxes => _boxes;

    public static StaticScene For(TownLayout layout) => Cache.GetValue(layout, l => new StaticScene(l));

    public ReadOnlySpan<int> CellBoxes(int cx, int cy) => _cells[(cy * Width) + cx];

    public (int X, int Y) Cell(double x, double y) => (
        Math.Clamp((int)Math.Floor((x - Min.X) / CellMeters), 0, Width - 1),
        Math.Clamp((int)Math.Floor((y - Min.Y) / CellMeters), 0, Height - 1));
}
