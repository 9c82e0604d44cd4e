using System.Globalization;
using System.Runtime.InteropServices;
using CarlaDrl.Bridge.Client;
using CarlaDrl.Carla.Client;
using CarlaDrl.Driving.World;
using CarlaDrl.Learning;

namespace CarlaDrl.Cli.Health;

/// <summary>
/// The checks of <c>carla-drl health</c>. Each really exercises what it names (loads the library and runs an op,
/// does the CARLA handshake, gets the bridge's hello, binds the port, writes the file) and says what to do when it
/// fails; none can pass without doing its work.
/// </summary>
internal static class HealthChecks
{
    public static HealthCheck Runtime()
    {
        string detail = $".NET {Environment.Version} on {RuntimeInformation.RuntimeIdentifier}, {Environment.ProcessorCount} cores";
        return Environment.Version.Major >= 10
            ? HealthCheck.Ok("runtime", detail)
            : HealthCheck.Fail("runtime", detail, "install the .NET 10 SDK (global.json pins it; scripts/setup.sh checks it).");
    }

    public static List<HealthCheck> Torch()
    {
        var checks = new List<HealthCheck>();
        (string Version, double Sum, bool Cuda) result;
        try
        {
            result = TorchRuntime.SelfTest();
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException or EntryPointNotFoundException or BadImageFormatException)
        {
            string message = (e.InnerException ?? e).Message;
            string remedy = message.Contains("GLIBCXX", StringComparison.Ordinal) || message.Contains("native component", StringComparison.OrdinalIgnoreCase)
                ? "libLibTorchSharp.so needs GLIBCXX_3.4.32, which Debian 12's libstdc++ lacks: rebuild with ./scripts/setup.sh (the build marks that version need weak; docs/learning.md), or use a distribution with a newer libstdc++."
                : "rebuild with ./scripts/setup.sh so the TorchSharp and libtorch-cpu-linux-x64 native files are next to carla-drl.dll.";
            checks.Add(HealthCheck.Fail("torch", $"TorchSharp cannot run: {FirstLine(message)}", remedy));
            return checks;
        }

        checks.Add(result.Sum == 12
            ? HealthCheck.Ok("torch", $"libtorch {result.Version} loads; a 2×3·3×2 matrix product sums to {result.Sum:0} as it should")
            : HealthCheck.Fail("torch", $"libtorch {result.Version} loads but a 2×3·3×2 product of ones sums to {result.Sum} instead of 12", "the native library is broken: rebuild with ./scripts/setup.sh."));
        checks.Add(result.Cuda
            ? HealthCheck.Ok("cuda", "a CUDA device is available", required: false)
            : HealthCheck.Warn("cuda", "no CUDA device (training runs on the CPU)", "not required; CarlaDrl's packages are the CPU build of libtorch."));
        return checks;
    }

    public static List<HealthCheck> OpenCv()
    {
        var checks = new List<HealthCheck>();
        string? version;
        try
        {
            version = OpenCvSharp.Cv2.GetVersionString();
            using var image = new OpenCvSharp.Mat(8, 8, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(0));
            using var resized = image.Resize(new OpenCvSharp.Size(4, 4));
        }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or OpenCvSharp.OpenCVException or EntryPointNotFoundException)
        {
            checks.Add(HealthCheck.Fail("opencv", $"OpenCV's native library cannot run: {FirstLine((e.InnerException ?? e).Message)}", "install libgtk-3-0 (apt-get install --no-install-recommends libgtk-3-0; scripts/setup.sh does); videos and the viewer need it.", required: false));
            return checks;
        }

        checks.Add(HealthCheck.Ok("opencv", $"OpenCV {version} loads and resizes an image", required: false));
        string? display = Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } x ? $"DISPLAY={x}"
            : Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 } w ? $"WAYLAND_DISPLAY={w}" : null;
        checks.Add(display is not null
            ? HealthCheck.Ok("display", $"{display}: windows can open", required: false)
            : HealthCheck.Warn("display", "no display (headless): windows cannot open", "record videos instead, or run under a display (e.g. xvfb-run -a ./carla-drl …)."));
        return checks;
    }

    /// <summary>The real handshake: RequestNewEpisode → SceneDescription on P, EpisodeStart → EpisodeReady, then a frame over P+1 and a control on P+2.</summary>
    public static HealthCheck Carla(string address)
    {
        string text = address.Contains("://", StringComparison.Ordinal) ? address : CarlaEndpoint.Scheme + address;
        if (!CarlaEndpoint.TryParse(text, out CarlaEndpoint endpoint))
        {
            return HealthCheck.Fail("carla", $"'{address}' is not a CARLA address", "write host:port, e.g. --carla 127.0.0.1:2000.");
        }

        string name = $"carla {endpoint.Host}:{endpoint.Port}";
        try
        {
            using var world = new CarlaWorld(new CarlaWorldOptions
            {
                Host = endpoint.Host,
                Port = endpoint.Port,
                ConnectAttempts = 1,
                Timeout = TimeSpan.FromSeconds(10),
                ThrowAwayFirstEpisode = false,
                RecoveryTimeout = TimeSpan.Zero,
            });
            SceneDescription scene = world.NewEpisode(new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, Sensors = [new CameraDefinition("HealthCamera") { ImageSizeX = 8, ImageSizeY = 8 }] });
            world.StartEpisode(0);
            WorldFrame frame = world.ReadFrame();
            world.SendControl(VehicleControl.Neutral);
            return HealthCheck.Ok(name, $"{scene.MapName}: scene with {scene.PlayerStartSpots.Count} start spots on port {endpoint.Port}, frame {frame.Measurements.FrameNumber} on {endpoint.Port + 1}, control accepted on {endpoint.Port + 2}");
        }
        catch (Exception e) when (e is IOException or TimeoutException or System.Net.Sockets.SocketException or InvalidOperationException or Google.Protobuf.InvalidProtocolBufferException)
        {
            string? holder = IsLocal(endpoint.Host) ? PortOwners.Holder(endpoint.Port) : null;
            string remedy = holder is null
                ? $"nothing answers there: start CARLA 0.8.4 (./CarlaUE4.sh -carla-server -benchmark -fps=10 -carla-world-port={endpoint.Port}) or ./carla-drl serve-carla --port {endpoint.Port}."
                : $"port {endpoint.Port} is held by {holder}, which did not answer as a CARLA 0.8.4 server: stop it or use another port (and check P+1, P+2 are free).";
            return HealthCheck.Fail(name, $"no CARLA handshake: {FirstLine(e.Message)}", remedy);
        }
    }

    /// <summary>The bridge worker's hello, then a heartbeat round trip.</summary>
    public static HealthCheck Bridge(string address, string? curveKey)
    {
        if (!BridgeEndpoint.TryParse(address.Contains("://", StringComparison.Ordinal) ? address : "tcp://" + address, out BridgeEndpoint endpoint))
        {
            return HealthCheck.Fail("bridge", $"'{address}' is not a bridge address", "write tcp://host:port or zmq://host:port, e.g. --bridge tcp://127.0.0.1:5555.");
        }

        string name = $"bridge {endpoint.Host}:{endpoint.Port}";
        try
        {
            using var world = (RemoteWorld)Commands.RemoteWorlds.Create(endpoint.ToString(), null, curveKey: curveKey, connectTimeout: TimeSpan.FromSeconds(3));
            TimeSpan roundTrip = world.Ping();
            return HealthCheck.Ok(name, string.Create(CultureInfo.InvariantCulture, $"hello from '{world.WorkerWorld}' (protocol 1, session {world.Session}); heartbeat round trip {roundTrip.TotalMilliseconds:0.0} ms"));
        }
        catch (Exception e) when (e is IOException or TimeoutException)
        {
            string? holder = IsLocal(endpoint.Host) ? PortOwners.Holder(endpoint.Port) : null;
            string remedy = holder is null
                ? $"nothing answers there: start a worker, ./carla-drl bridge --bind {endpoint.Tcp}{(curveKey is null ? "" : " --curve <its key_secret>")}."
                : $"port {endpoint.Port} is held by {holder}, which did not answer as a bridge worker{(curveKey is null ? " (a worker with --curve needs --curve NAME.key here)" : " (or its key pair differs)")}.";
            return HealthCheck.Fail(name, $"no bridge hello: {FirstLine(e.Message)}", remedy);
        }
    }

    /// <summary>The default ports: CARLA's 2000–2002 and the seed's/bridge's 5555–5556, free or held by whom.</summary>
    public static IEnumerable<HealthCheck> Ports()
    {
        foreach ((int port, string use) in new[] { (2000, "CARLA world"), (2001, "CARLA measurements"), (2002, "CARLA control"), (5555, "bridge / seed observations"), (5556, "seed actions") })
        {
            string? holder = PortOwners.Holder(port);
            yield return holder is null
                ? HealthCheck.Ok($"port {port}", $"free ({use})", required: false)
                : HealthCheck.Warn($"port {port}", $"in use by {holder} ({use})", "fine if that is your CARLA server or bridge; otherwise stop it or pick other ports (--port, --bind).");
        }
    }

    public static List<HealthCheck> RunDirectory(string directory)
    {
        var checks = new List<HealthCheck>();
        string full = Path.GetFullPath(directory);
        try
        {
            Directory.CreateDirectory(full);
            string probe = Path.Combine(full, $".health-{Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            bool read = File.ReadAllText(probe) == "ok";
            File.Delete(probe);
            if (!read)
            {
                throw new IOException("a file written there read back differently");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            checks.Add(HealthCheck.Fail("run directory", $"{full} is not writable: {FirstLine(e.Message)}", "point run.runs_dir at a writable folder (--set run.runs_dir=…) or fix its permissions."));
            return checks;
        }

        checks.Add(HealthCheck.Ok("run directory", $"{full} is writable"));
        long free = new DriveInfo(full).AvailableFreeSpace;
        string space = string.Create(CultureInfo.InvariantCulture, $"{free / (1024.0 * 1024 * 1024):0.0} GiB free there");
        checks.Add(free >= 2L << 30
            ? HealthCheck.Ok("disk space", space)
            : free >= 200L << 20
                ? HealthCheck.Warn("disk space", space, "a 500k-step run with checkpoints needs about 1 GiB; free some space.")
                : HealthCheck.Fail("disk space", space, "checkpoints and logs need room: free at least 1 GiB."));
        return checks;
    }

    private static bool IsLocal(string host) => host is "127.0.0.1" or "localhost" or "::1" or "0.0.0.0";

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
