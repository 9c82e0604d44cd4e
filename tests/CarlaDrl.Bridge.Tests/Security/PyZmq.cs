using CarlaDrl.TestKit;

namespace CarlaDrl.Bridge.Tests.Security;

/// <summary>Runs Debian's python3 with pyzmq (python3-zmq), the peer the bridge must interoperate with.</summary>
internal static class PyZmq
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    private static readonly Lazy<string> LazyPython = new(Find);

    /// <summary>Runs a script from the test's Python folder, or inline code with <c>-c</c>; fails the test on a non-zero exit.</summary>
    public static string Run(params string[] arguments)
    {
        ProcessResult result = ChildProcess.Run(LazyPython.Value, arguments, Timeout);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.StandardOutput;
    }

    /// <summary>A script shipped next to the tests (Python/*.py).</summary>
    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Python", name);

    private static string Find() => PythonPeer.Interpreter("zmq, zmq.auth", "python3-zmq");
}
