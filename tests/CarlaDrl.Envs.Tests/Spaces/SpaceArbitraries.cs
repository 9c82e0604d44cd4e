using CarlaDrl.Envs.Spaces;
using FsCheck;
using FsCheck.Fluent;

namespace CarlaDrl.Envs.Tests.Spaces;

/// <summary>FsCheck generators of spaces with random shapes and bounds (finite, half-open, unbounded, extreme).</summary>
public static class SpaceArbitraries
{
    public static Arbitrary<Box<float>> FloatBox() => FloatBoxGen().ToArbitrary();

    public static Arbitrary<Box<byte>> ByteBox() => ByteBoxGen().ToArbitrary();

    public static Arbitrary<Discrete> Discrete() => DiscreteGen().ToArbitrary();

    public static Arbitrary<DictSpace> Dict() =>
        (from state in FloatBoxGen()
         from camera in ByteBoxGen()
         from command in DiscreteGen()
         select new DictSpace(("state", (Space)state), ("camera", camera), ("command", command))).ToArbitrary();

    private static Gen<int[]> ShapeGen() =>
        from rank in Gen.Choose(0, 3)
        from dims in Gen.Choose(1, 4).ArrayOf(rank)
        select dims;

    private static Gen<(float Low, float High)> FloatBoundsGen() =>
        from kind in Gen.Choose(0, 4)
        from a in Gen.Choose(-1000, 1000)
        from width in Gen.Choose(0, 2000)
        select kind switch
        {
            0 => (a / 10f, (a / 10f) + (width / 10f)),
            1 => (a / 10f, float.PositiveInfinity),
            2 => (float.NegativeInfinity, a / 10f),
            3 => (float.NegativeInfinity, float.PositiveInfinity),
            _ => (-float.MaxValue, float.MaxValue),
        };

    private static Gen<Box<float>> FloatBoxGen() =>
        from shape in ShapeGen()
        from bounds in FloatBoundsGen().ArrayOf(shape.Aggregate(1, (n, d) => n * d))
        select new Box<float>(
            new NDArray<float>(shape, [.. bounds.Select(b => b.Low)]),
            new NDArray<float>(shape, [.. bounds.Select(b => b.High)]));

    private static Gen<Box<byte>> ByteBoxGen() =>
        from shape in ShapeGen()
        from pairs in Gen.Two(Gen.Choose(0, 255)).ArrayOf(shape.Aggregate(1, (n, d) => n * d))
        select new Box<byte>(
            new NDArray<byte>(shape, [.. pairs.Select(p => (byte)Math.Min(p.Item1, p.Item2))]),
            new NDArray<byte>(shape, [.. pairs.Select(p => (byte)Math.Max(p.Item1, p.Item2))]));

    private static Gen<Discrete> DiscreteGen() =>
        from n in Gen.Choose(1, 1000)
        from start in Gen.Choose(-1000, 1000)
        select new Discrete(n, start);
}
