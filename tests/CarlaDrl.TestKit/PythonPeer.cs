using Xunit;

namespace CarlaDrl.TestKit;

/// <summary>
/// The Python interpreter that plays the peers of interop tests: Debian's python3 (where apt installs python3-zmq,
/// python3-msgpack, python3-msgpack-numpy, python3-protobuf, python3-numpy; scripts/setup.sh does), unless
/// CARLA_DRL_PYTHON names another. A missing module fails the test with the packages to install.
/// </summary>
public static class PythonPeer
{
    public const string BridgeModules = "zmq, msgpack, msgpack_numpy, numpy";
    public const string BridgePackages = "python3-zmq python3-msgpack python3-msgpack-numpy python3-numpy";

    /// <summary>The interpreter, after checking that <paramref name="modules"/> import.</summary>
    public static string Interpreter(string modules = BridgeModules, string packages = BridgePackages)
    {
        string python = Environment.GetEnvironmentVariable("CARLA_DRL_PYTHON") is { Length: > 0 } custom ? custom
            : File.Exists("/usr/bin/python3") ? "/usr/bin/python3"
            : "python3";
        ProcessResult check = ChildProcess.Run(python, ["-c", $"import {modules}"], TimeSpan.FromMinutes(1));
        Assert.True(check.ExitCode == 0, $"{python} cannot import {modules}; install the Debian packages {packages} (scripts/setup.sh does).\n{check}");
        return python;
    }

    /// <summary>A script copied next to the calling test assembly (Python/*.py).</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Python", name);
}
