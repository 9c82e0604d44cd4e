using System.Diagnostics;
using System.Text;

namespace CarlaDrl.TestKit;

/// <summary>
/// Runs a real child process with a timeout, capturing its output; on timeout the whole process tree is killed and
/// a <see cref="TimeoutException"/> carries what it printed so far. No leaked processes (CONVENTIONS.md).
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs the <c>carla-drl</c> CLI built next to the calling test assembly.</summary>
    public static ProcessResult RunCli(TimeSpan timeout, params string[] arguments)
    {
        return Run("dotnet", [ProcessLaunch.CliDll(), .. arguments], timeout);
    }

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (default: the
    /// current one) until it ends or <paramref name="timeout"/> passes. <paramref name="environment"/>: variables to set
    /// (an empty value clears one); <paramref name="standardInput"/>: text written to its input, which is then closed
    /// (null: the input is inherited).
    /// </summary>
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, TimeSpan timeout, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        ProcessStartInfo info = ProcessLaunch.StartInfo(fileName, arguments, workingDirectory, redirectInput: standardInput is not null);
        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            try
            {
                process.StandardInput.Write(standardInput);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // the child ended without reading it all; its exit code and output say why
            }
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish within {timeout.TotalSeconds:0} s.\n{stdout}\n{stderr}");
        }

        process.WaitForExit(); // flush the asynchronous readers
        lock (stdout)
        {
            lock (stderr)
            {
                return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString(), watch.Elapsed);
            }
        }
    }
}
