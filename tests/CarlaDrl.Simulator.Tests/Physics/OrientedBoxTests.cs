using CarlaDrl.Driving.Geometry;
using CarlaDrl.Envs;
using CarlaDrl.Simulator.Physics;
using FsCheck.Xunit;

namespace CarlaDrl.Simulator.Tests.Physics;

/// <summary>The separating-axis test behind vehicle collisions and the traffic overlap checks.</summary>
public sealed class OrientedBoxTests
{
    [Fact]
    public void Axis_aligned_boxes_overlap_by_the_smaller_interval_intersection()
    {
        var a = new OrientedBox(new Vec2(0, 0), 0, 2.4, 1.0);
        var b = new OrientedBox(new Vec2(4.5, 0.5), 0, 2.4, 1.0);
        Assert.True(OrientedBox.Overlap(a, b, out double depth, out Vec2 normal));

        // Along x: 2.4 + 2.4 − 4.5 = 0.3; along y: 1 + 1 − 0.5 = 1.5. The smaller wins, pointing from a to b.
        Assert.Equal(0.3, depth, 12);
        Assert.Equal(new Vec2(1, 0), normal);

        var apart = new OrientedBox(new Vec2(4.81, 0), 0, 2.4, 1.0);
        Assert.False(OrientedBox.Overlap(a, apart, out _, out _));
    }

    [Fact]
    public void A_rotated_box_can_miss_where_its_bounding_square_would_hit()
    {
        // Two 2 × 2 squares, one turned 45°: its corner reaches √2 from its centre along x.
        var a = new OrientedBox(new Vec2(0, 0), 0, 1, 1);
        var diamond = new OrientedBox(new Vec2(2.3, 2.3), Math.PI / 4, 1, 1);
        Assert.False(OrientedBox.Overlap(a, diamond, out _, out _)); // its axis-aligned bound (±1.41) would overlap

        var touching = new OrientedBox(new Vec2(1 + Math.Sqrt(2) - 0.05, 0), Math.PI / 4, 1, 1);
        Assert.True(OrientedBox.Overlap(a, touching, out double depth, out Vec2 normal));
        Assert.Equal(0.05, depth, 9);
        Assert.Equal(1, normal.X, 9);
    }

    [Property(MaxTest = 300)]
    public bool Overlap_is_symmetric_with_the_normal_reversed(int seed)
    {
        var rng = new Rng((long)seed);
        OrientedBox a = RandomBox(rng), b = RandomBox(rng);
        bool ab = OrientedBox.Overlap(a, b, out double dab, out Vec2 nab);
        bool ba = OrientedBox.Overlap(b, a, out double dba, out Vec2 nba);
        return ab == ba && (!ab || (Math.Abs(dab - dba) < 1e-9 && (nab + nba).Length < 1e-9 && Math.Abs(nab.Length - 1) < 1e-9));
    }

    [Property(MaxTest = 300)]
    public bool Moving_b_out_along_the_normal_by_the_depth_separates_the_boxes(int seed)
    {
        var rng = new Rng((long)seed);
        OrientedBox a = RandomBox(rng), b = RandomBox(rng) with { Center = new Vec2(rng.Uniform(-2, 2), rng.Uniform(-2, 2)) };
        if (!OrientedBox.Overlap(a, b, out double depth, out Vec2 normal) || depth < 1e-6)
        {
            return true; // apart, or grazing too lightly for the 1 % step below to stay above rounding
        }

        OrientedBox moved = b with { Center = b.Center + (normal * (depth + 1e-6)) };
        OrientedBox notQuite = b with { Center = b.Center + (normal * (depth * 0.99)) };
        return !OrientedBox.Overlap(a, moved, out _, out _) && OrientedBox.Overlap(a, notQuite, out _, out _);
    }

    [Fact]
    public void A_circle_overlaps_a_box_by_its_distance_to_the_nearest_point()
    {
        var box = new OrientedBox(new Vec2(10, 5), Math.PI / 2, 2.4, 1.0); // long along +y

        // 1.2 m to the +x side of the centre: 0.2 m beyond the half width, so a 0.35 m circle overlaps by 0.15 m.
        Assert.True(box.Overlaps(new Vec2(11.2, 5), 0.35, out double depth, out Vec2 normal));
        Assert.Equal(0.15, depth, 9);
        Assert.Equal(1, normal.X, 9);
        Assert.False(box.Overlaps(new Vec2(10, 7.8), 0.35, out _, out _)); // 0.4 m beyond the front
        Assert.True(box.Overlaps(new Vec2(10, 7.6), 0.35, out depth, out normal));
        Assert.Equal(0.15, depth, 9);
        Assert.Equal(1, normal.Y, 9);
    }

    private static OrientedBox RandomBox(Rng rng) =>
        new(new Vec2(rng.Uniform(-3, 3), rng.Uniform(-3, 3)), rng.Uniform(-Math.PI, Math.PI), rng.Uniform(0.2, 2.5), rng.Uniform(0.2, 1.2));
}
