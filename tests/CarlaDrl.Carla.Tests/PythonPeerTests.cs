using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarlaDrl.Carla.Settings;
using CarlaDrl.Driving.World;
using CarlaDrl.TestKit;

namespace CarlaDrl.Carla.Tests;

/// <summary>
/// serve-carla against a Python peer that behaves as the official 0.8.4 client (Python/carla_peer.py, spec §13),
/// with <c>carla_server_pb2.py</c> generated from our .proto by Grpc.Tools' protoc and read by Debian's
/// python3-protobuf. Needs <c>python3-protobuf python3-numpy</c> (scripts/setup.sh installs them).
/// </summary>
public sealed partial class PythonPeerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void The_official_clients_behaviour_drives_serve_carla()
    {
        string pb2 = GeneratePb2();
        (BackgroundProcess server, int port) = TestServers.StartServeCarla();
        using (server)
        using (Deleting(pb2))
        {
            ProcessResult result = ChildProcess.Run(Python(), [Peer, "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture), pb2], Timeout);
            Assert.True(result.ExitCode == 0, $"{result}\nserver:\n{server.Output}");
            using JsonDocument report = JsonDocument.Parse(result.StandardOutput.Trim().Split('\n')[^1]);
            Assert.True(report.RootElement.GetProperty("ok").GetBoolean());
            Assert.Equal(4, report.RootElement.GetProperty("sensors").GetArrayLength());
            Assert.True(report.RootElement.GetProperty("moved_m").GetDouble() > 2);
        }
    }

    [Fact]
    public void Our_INI_is_the_text_pythons_configparser_writes()
    {
        string pb2 = GeneratePb2();
        using IDisposable cleanup = Deleting(pb2);
        ProcessResult result = ChildProcess.Run(Python(), [Peer, "--print-ini", "", pb2], Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument ini = JsonDocument.Parse(result.StandardOutput);
        var defaults = new EpisodeSettings { SeedVehicles = 17, SeedPedestrians = 42, Sensors = [new CameraDefinition("Cam"), new LidarDefinition("L")] };
        Assert.Equal(ini.RootElement.GetProperty("defaults").GetString(), CarlaSettingsWriter.Write(defaults));
        var corl = new EpisodeSettings
        {
            SendNonPlayerAgentsInfo = true,
            NumberOfVehicles = 0,
            NumberOfPedestrians = 0,
            WeatherId = 1,
            Sensors = [new CameraDefinition("CameraRGB") { Fov = 100, ImageSizeX = 800, ImageSizeY = 600, PositionX = 2.0f, PositionZ = 1.4f, RotationPitch = -15f }],
        };
        Assert.Equal(ini.RootElement.GetProperty("corl2017").GetString(), CarlaSettingsWriter.Write(corl, CarlaSettingsWriter.Corl2017IntegerKeys));
    }

    private static IDisposable Deleting(string folder) => new FolderDeleter(folder);

    private static string Peer => Path.Combine(AppContext.BaseDirectory, "Python", "carla_peer.py");

    private static string Python() => PythonPeer.Interpreter("google.protobuf, numpy", "python3-protobuf python3-numpy");

    /// <summary>Compiles our carla_server.proto for Python with the protoc that Grpc.Tools ships, into a fresh folder.</summary>
    private static string GeneratePb2()
    {
        string root = typeof(PythonPeerTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NuGetPackageRoot").Value!;
        string tools = Path.Combine(root, "grpc.tools");
        string protoc = Directory.GetDirectories(tools).OrderByDescending(d => d, StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "tools", "linux_x64", "protoc"))
            .FirstOrDefault(File.Exists) ?? throw new FileNotFoundException($"No protoc under {tools} (the Grpc.Tools package).");
        string output = Path.Combine(Path.GetTempPath(), $"carla-drl-pb2-{Guid.NewGuid():N}");
        Directory.CreateDirectory(output);
        string protoDir = Path.Combine(AppContext.BaseDirectory, "Python");
        ProcessResult result = ChildProcess.Run(protoc, [$"-I{protoDir}", $"--python_out={output}", "carla_server.proto"], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.ToString());

        // protoc ≥ 26 emits a runtime-version check that Debian's protobuf 4.21 runtime lacks; the rest of the
        // generated code (the builder API) it reads fine, so the check is dropped.
        string file = Path.Combine(output, "carla_server_pb2.py");
        string code = File.ReadAllText(file);
        code = RuntimeVersionImport().Replace(code, "");
        code = RuntimeVersionCheck().Replace(code, "");
        File.WriteAllText(file, code);
        return output;
    }

    [GeneratedRegex(@"^from google\.protobuf import runtime_version as _runtime_version\r?\n", RegexOptions.Multiline)]
    private static partial Regex RuntimeVersionImport();

    [GeneratedRegex(@"^_runtime_version\.ValidateProtobufRuntimeVersion\([^)]*\)\r?\n", RegexOptions.Multiline)]
    private static partial Regex RuntimeVersionCheck();

    private sealed class FolderDeleter(string folder) : IDisposable
    {
        public void Dispose()
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // a leftover temp folder is harmless
            }
        }
    }
}
