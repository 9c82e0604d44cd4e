namespace CarlaDrl.Cli.Bench;

/// <summary>One row of <c>bench world</c>: steps/s (median, min, max over repeats) and bytes allocated per step.</summary>
internal sealed record WorldBenchmarkResult(
    string Scenario,
    int Vehicles,
    int Pedestrians,
    int Steps,
    int Repeats,
    double StepsPerSecondMedian,
    double StepsPerSecondMin,
    double StepsPerSecondMax,
    double AllocatedBytesPerStep,
    int Gen0Collections)
{
    public double MicrosecondsPerStep => 1e6 / StepsPerSecondMedian;
}
