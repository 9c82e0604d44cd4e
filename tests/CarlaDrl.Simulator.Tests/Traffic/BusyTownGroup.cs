namespace CarlaDrl.Simulator.Tests.Traffic;

/// <summary>The test classes that read <see cref="BusyTownRun"/> share one run of it.</summary>
[CollectionDefinition(Name)]
public sealed class BusyTownGroup : ICollectionFixture<BusyTownRun>
{
    public const string Name = "Busy Town01";
}
