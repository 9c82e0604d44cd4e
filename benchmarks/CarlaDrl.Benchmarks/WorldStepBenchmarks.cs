using BenchmarkDotNet.Attributes;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Benchmarks;

/// <summary>
/// One embedded-world step (ReadFrame + SendControl of the autopilot's control) in Town01, with no traffic and with
/// 20 vehicles + 30 pedestrians, without sensors and with one 64×64 camera. [MemoryDiagnoser] shows the managed bytes allocated per step.
/// Run: dotnet run -c Release --project benchmarks/CarlaDrl.Benchmarks -- --filter '*WorldStep*'
/// </summary>
[MemoryDiagnoser]
public class WorldStepBenchmarks
{
    private EmbeddedWorld _world = null!;

    [Params(0, 20)]
    public int Vehicles { get; set; }

    /// <summary>0: no sensors; otherwise one square SceneFinal camera of this size (2.0 m forward, 1.4 m up).</summary>
    [Params(0, 64)]
    public int Camera { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
        _world.NewEpisode(new EpisodeSettings
        {
            NumberOfVehicles = Vehicles,
            NumberOfPedestrians = Vehicles == 0 ? 0 : 30,
            SeedVehicles = 1,
            SeedPedestrians = 2,
            Sensors = Camera == 0 ? [] : [new CameraDefinition("Camera") { ImageSizeX = Camera, ImageSizeY = Camera, PositionX = 2.0f, PositionZ = 1.4f }],
        });
        _world.StartEpisode(3);

        // Past spawn transients, into steady traffic.
        for (int i = 0; i < 2000; i++)
        {
            Step();
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _world.Dispose();

    [Benchmark(OperationsPerInvoke = 1000)]
    public void Step1000()
    {
        for (int i = 0; i < 1000; i++)
        {
            Step();
        }
    }

    private void Step()
    {
        WorldFrame frame = _world.ReadFrame();
        _world.SendControl(frame.Measurements.PlayerMeasurements.AutopilotControl);
    }
}
