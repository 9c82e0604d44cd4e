using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using CarlaDrl.Carla.Client;
using CarlaDrl.Carla.Server;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;
using CarlaDrl.TestKit;

namespace CarlaDrl.Carla.Tests;

/// <summary>Servers for tests: in-process (an EmbeddedWorld behind a CarlaServer on free loopback ports) or serve-carla as a child process.</summary>
internal static partial class TestServers
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static EmbeddedWorldOptions WorldOptions => new() { Town = "Town01", SimulationHz = 10, Seed = 0 };

    /// <summary>An in-process server; its log lines land in <paramref name="log"/> when given.</summary>
    public static (CarlaServer Server, EmbeddedWorld World) StartInProcess(ConcurrentQueue<string>? log = null, TimeSpan? timeout = null)
    {
        var world = new EmbeddedWorld(WorldOptions);
        var server = new CarlaServer(world, new CarlaServerOptions { Port = 0, Log = log is null ? null : log.Enqueue, ServerTimeout = timeout ?? TimeSpan.FromSeconds(10) });
        server.Start();
        return (server, world);
    }

    public static CarlaWorld Client(int port, ConcurrentQueue<string>? log = null, TimeSpan? recovery = null) => new(new CarlaWorldOptions
    {
        Port = port,
        Log = log is null ? null : log.Enqueue,
        RecoveryTimeout = recovery ?? TimeSpan.FromSeconds(60),
    });

    /// <summary>Starts <c>carla-drl serve-carla</c> and returns it with the world port it listens on.</summary>
    public static (BackgroundProcess Process, int Port) StartServeCarla(int port = 0, params string[] extra)
    {
        var process = BackgroundProcess.StartCli(["serve-carla", "--port", port.ToString(CultureInfo.InvariantCulture), .. extra]);
        try
        {
            string line = process.WaitForLine(l => l.StartsWith("serve-carla:", StringComparison.Ordinal) && l.Contains(" on ", StringComparison.Ordinal), StartTimeout);
            int bound = int.Parse(PortPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
            return (process, bound);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>Settings with the four sensor kinds a CARLA server has: RGB, depth, segmentation cameras and a lidar.</summary>
    public static EpisodeSettings FourSensors(int seed = 11) => new()
    {
        SynchronousMode = true,
        SendNonPlayerAgentsInfo = true,
        NumberOfVehicles = 6,
        NumberOfPedestrians = 6,
        WeatherId = 3,
        SeedVehicles = seed,
        SeedPedestrians = seed + 1,
        Sensors =
        [
            new CameraDefinition("CameraRGB") { ImageSizeX = 64, ImageSizeY = 48, PositionX = 2f, PositionZ = 1.4f, RotationPitch = -15f },
            new CameraDefinition("CameraDepth") { ImageSizeX = 32, ImageSizeY = 24, PostProcessing = PostProcessing.Depth, PositionX = 2f, PositionZ = 1.4f },
            new CameraDefinition("CameraSeg") { ImageSizeX = 40, ImageSizeY = 30, PostProcessing = PostProcessing.SemanticSegmentation, Fov = 100, PositionX = 2f, PositionZ = 1.4f },
            new LidarDefinition("Lidar32") { Channels = 8, PointsPerSecond = 8000, PositionZ = 2.4f },
        ],
    };

    [GeneratedRegex(@" on [^ ]+:(\d+) ")]
    private static partial Regex PortPattern();
}
