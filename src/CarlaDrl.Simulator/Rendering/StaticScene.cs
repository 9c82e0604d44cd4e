using System.Runtime.CompilerServices;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Simulator.Towns;

namespace CarlaDrl.Simulator.Rendering;

/// <summary>
/// The town's scenery as render boxes (buildings, walls, fences, trees, poles, traffic lights, signs), grouped per
/// piece of scenery, in a 25 m grid for view culling. Built once per town layout and shared by all cameras.
/// </summary>
internal sealed class StaticScene
{
    public const double CellMeters = 25;

    private static readonly ConditionalWeakTable<TownLayout, StaticScene> Cache = [];

    private readonly RenderBox[] _boxes;
    private readonly SceneObject[] _objects;
    private readonly int[][] _cells;

    private StaticScene(TownLayout layout)
    {
        var boxes = new List<RenderBox>();
        var objects = new List<SceneObject>();
        int first = 0;
        void Close()
        {
            if (boxes.Count == first)
            {
                return;
            }

            double minX = double.MaxValue, minY = double.MaxValue, minZ = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue, maxZ = double.MinValue, extent = 0;
            for (int i = first; i < boxes.Count; i++)
            {
                RenderBox b = boxes[i];
                double reach = Math.Sqrt((b.HalfLength * b.HalfLength) + (b.HalfWidth * b.HalfWidth));
                minX = Math.Min(minX, b.X - reach);
                maxX = Math.Max(maxX, b.X + reach);
                minY = Math.Min(minY, b.Y - reach);
                maxY = Math.Max(maxY, b.Y + reach);
                minZ = Math.Min(minZ, b.Bottom);
                maxZ = Math.Max(maxZ, b.Bottom + b.Height);
                extent = Math.Max(extent, Math.Max(b.HalfLength, b.HalfWidth));
            }

            double cx = 0.5 * (minX + maxX), cy = 0.5 * (minY + maxY), cz = 0.5 * (minZ + maxZ);
            double radius = 0.5 * Math.Sqrt(((maxX - minX) * (maxX - minX)) + ((maxY - minY) * (maxY - minY)) + ((maxZ - minZ) * (maxZ - minZ)));
            objects.Add(new SceneObject(cx, cy, cz, radius, extent, first, boxes.Count - first));
            first = boxes.Count;
        }

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

            Close();
        }

        foreach (TrafficLightPlacement light in layout.TrafficLights)
        {
            Vec2 p = light.PolePosition;
            Vec2 facing = Vec2.FromHeading(light.FacingYawRadians);
            boxes.Add(new RenderBox(p.X, p.Y, 0, 4.4, 0.15, 0.15, 0, Palette.Metal, SemanticLabel.Poles));
            boxes.Add(new RenderBox(p.X, p.Y, 3.5, 0.9, 0.17, 0.2, light.FacingYawRadians, Palette.Dark, SemanticLabel.TrafficSigns));
            Vec2 lamp = p + (facing * 0.22);
            boxes.Add(new RenderBox(lamp.X, lamp.Y, 3.6, 0.7, 0.06, 0.12, light.FacingYawRadians, Palette.Dark, SemanticLabel.TrafficSigns, light.Id));
            Close();
        }

        _boxes = [.. boxes];
        _objects = [.. objects];
        Min = layout.Surface.Origin;
        Width = (int)Math.Ceiling((layout.Surface.Max.X - Min.X) / CellMeters) + 1;
        Height = (int)Math.Ceiling((layout.Surface.Max.Y - Min.Y) / CellMeters) + 1;
        var cells = new List<int>[Width * Height];
        MaxRadius = 0;
        for (int i = 0; i < _objects.Length; i++)
        {
            (int cx, int cy) = Cell(_objects[i].X, _objects[i].Y);
            (cells[(cy * Width) + cx] ??= []).Add(i);
            MaxRadius = Math.Max(MaxRadius, _objects[i].Radius);
        }

        _cells = cells.Select(c => c?.ToArray() ?? []).ToArray();
    }

    public Vec2 Min { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Largest bounding radius of any object, m (how far an object reaches out of its cell).</summary>
    public double MaxRadius { get; }

    public ReadOnlySpan<RenderBox> Boxes => _boxes;

    public ReadOnlySpan<SceneObject> Objects => _objects;

    public static StaticScene For(TownLayout layout) => Cache.GetValue(layout, l => new StaticScene(l));

    /// <summary>Indices into <see cref="Objects"/> of the objects whose centre lies in cell (cx, cy).</summary>
    public ReadOnlySpan<int> CellObjects(int cx, int cy) => _cells[(cy * Width) + cx];

    public (int X, int Y) Cell(double x, double y) => (
        Math.Clamp((int)Math.Floor((x - Min.X) / CellMeters), 0, Width - 1),
        Math.Clamp((int)Math.Floor((y - Min.Y) / CellMeters), 0, Height - 1));
}
