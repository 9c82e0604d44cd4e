using CarlaDrl.Driving.Maps;

namespace CarlaDrl.Driving.Tests.Maps;

public sealed class ProceduralTownOptionsTests
{
    public static TheoryData<ProceduralTownOptions, string, string> OutOfRange => new()
    {
        { new() { BlocksX = 1 }, nameof(ProceduralTownOptions.BlocksX), "ProceduralTownOptions.BlocksX = 1 is out of range; allowed: 2..12." },
        { new() { BlocksY = 13 }, nameof(ProceduralTownOptions.BlocksY), "ProceduralTownOptions.BlocksY = 13 is out of range; allowed: 2..12." },
        { new() { MinBlockLengthMeters = 39 }, nameof(ProceduralTownOptions.MinBlockLengthMeters), "ProceduralTownOptions.MinBlockLengthMeters = 39 is out of range; allowed: 40..200." },
        { new() { MinBlockLengthMeters = 150, MaxBlockLengthMeters = 250 }, nameof(ProceduralTownOptions.MaxBlockLengthMeters), "ProceduralTownOptions.MaxBlockLengthMeters = 250 is out of range; allowed: MinBlockLengthMeters (150)..200." },
        { new() { MinBlockLengthMeters = 100, MaxBlockLengthMeters = 90 }, nameof(ProceduralTownOptions.MaxBlockLengthMeters), "ProceduralTownOptions.MaxBlockLengthMeters = 90 is out of range; allowed: MinBlockLengthMeters (100)..200." },
        { new() { MaxBlockLengthMeters = double.NaN }, nameof(ProceduralTownOptions.MaxBlockLengthMeters), "ProceduralTownOptions.MaxBlockLengthMeters = NaN is out of range" },
        { new() { RemovedRoadFraction = 0.6 }, nameof(ProceduralTownOptions.RemovedRoadFraction), "ProceduralTownOptions.RemovedRoadFraction = 0.6 is out of range; allowed: 0..0.5." },
        { new() { RemovedRoadFraction = -0.1 }, nameof(ProceduralTownOptions.RemovedRoadFraction), "ProceduralTownOptions.RemovedRoadFraction = -0.1 is out of range; allowed: 0..0.5." },
        { new() { StartSpotSpacingMeters = 5 }, nameof(ProceduralTownOptions.StartSpotSpacingMeters), "ProceduralTownOptions.StartSpotSpacingMeters = 5 is out of range; allowed: 10..1000." },
        { new() { RoadGeometry = RoadGeometry.Carla084 with { SampleSpacingMeters = 3 } }, nameof(RoadGeometry.SampleSpacingMeters), "RoadGeometry.SampleSpacingMeters = 3 is out of range; allowed: 0.05..2." },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Out_of_range_options_name_the_option_and_the_allowed_range(ProceduralTownOptions options, string name, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ProceduralTownGenerator.Generate(options));

        Assert.Equal(name, error.ParamName);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Blocks_too_short_for_the_junction_setbacks_are_rejected()
    {
        // Setbacks of 20 m at both ends plus a 16 m lane (6 m start margin + 10 m stop margin) need 56 m blocks.
        var options = new ProceduralTownOptions
        {
            MinBlockLengthMeters = 50,
            RoadGeometry = RoadGeometry.Carla084 with { IntersectionSetbackMeters = 20 },
        };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => options.Validate());

        Assert.Equal(nameof(ProceduralTownOptions.MinBlockLengthMeters), error.ParamName);
        Assert.Contains("ProceduralTownOptions.MinBlockLengthMeters = 50 is too short for the road geometry", error.Message, StringComparison.Ordinal);
        Assert.Contains("allowed: 56..200", error.Message, StringComparison.Ordinal);
        ProceduralTownOptions justEnough = options with { MinBlockLengthMeters = 56 };
        Assert.Same(justEnough, justEnough.Validate());
    }

    [Fact]
    public void Defaults_are_valid_and_leave_room_for_carla_setbacks()
    {
        var options = new ProceduralTownOptions();

        Assert.Same(options, options.Validate());
        Assert.Equal((60, 120), (options.MinBlockLengthMeters, options.MaxBlockLengthMeters));

        // Two 9.5 m intersection setbacks and a 16 m lane: CARLA-like geometry allows the full 40 m minimum.
        Assert.Equal(35, options.ShortestFeasibleBlockMeters, 1e-12);
        Assert.Null(options.StartSpotSpacingMeters);
    }
}
