using System.Diagnostics;
using System.Text;

namespace CarlaDrl.TestKit;

/// <summary>
/// A long-running child process (a server) whose output lines are collected as they come; tests wait for a line,
/// then talk to it. Disposing kills the whole process tree, so no test leaks a server (CONVENTIONS.md).
/// </summary>
public sealed class BackgroundProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _all = new();

    private BackgroundProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts the <c>carla-drl</c> CLI built next to the calling test assembly.</summary>
    public static BackgroundProcess StartCli(params string[] arguments)
    {
        return Start("dotnet", [ProcessLaunch.CliDll(), .. arguments]);
    }

    /// <summary>Starts the CLI in <paramref name="workingDirectory"/> (null: the test's) with these environment variables set.</summary>
    public static BackgroundProcess StartCli(string? workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        return Start("dotnet", [ProcessLaunch.CliDll(), .. arguments], workingDirectory, environment);
    }

    public static BackgroundProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        ProcessStartInfo info = ProcessLaunch.StartInfo(fileName, arguments, workingDirectory, redirectInput: true);
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info };
        var background = new BackgroundProcess(process);
        process.OutputDataReceived += (_, e) => background.Add(e.Data);
        process.ErrorDataReceived += (_, e) => background.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return background;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything printed so far (stdout and stderr interleaved as they arrived).</summary>
    public string Output
    {
        get
        {
            lock (_lines)
            {
                return _all.ToString();
            }
        }
    }

    /// <summary>Waits for a line matching <paramref name="match"/> and returns it.</summary>
    /// <exception cref="TimeoutException">no such line in time (or the process ended without one); carries the output.</exception>
    public string WaitForLine(Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            lock (_lines)
            {
                string? line = _lines.FirstOrDefault(match);
                if (line is not null)
                {
                    return line;
                }

                if (_process.HasExited && _process.WaitForExit(0))
                {
                    break;
                }

                Monitor.Wait(_lines, TimeSpan.FromMilliseconds(100));
            }
        }

        throw new TimeoutException($"'{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}' printed no expected line within {timeout.TotalSeconds:0} s (exited: {_process.HasExited}). Output:\n{Output}");
    }

    /// <summary>Waits for the process to end; false on timeout.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            return false;
        }

        _process.WaitForExit(); // flush the asynchronous readers
        return true;
    }

    /// <summary>Kills the process tree at once (as a crash or SIGKILL would) and waits for it.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Add(line);
            _all.AppendLine(line);
            Monitor.PulseAll(_lines);
        }
    }
}
