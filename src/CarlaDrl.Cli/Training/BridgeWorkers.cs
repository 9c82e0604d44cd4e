using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CarlaDrl.Cli.Training;

/// <summary>
/// <c>train --workers N</c>: N local <c>carla-drl bridge</c> processes (plus one for evaluations), each hosting the
/// embedded world the in-process env would have had (same town, rate and seed, so results match), on free loopback
/// ports. A supervisor restarts a worker that exits on its own, on the same port, so the env rejoins; every worker ends
/// with the trainer (<c>--parent-pid</c>, and <see cref="Dispose"/> kills them). Their output goes to
/// <c>runs/&lt;name&gt;/workers/worker-i.log</c>.
/// </summary>
internal sealed partial class BridgeWorkers : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<Worker> _workers = [];
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _supervisor;

    private BridgeWorkers(Action<string> log)
    {
        _log = log;
        _supervisor = new Thread(Supervise) { IsBackground = true, Name = "bridge worker supervisor" };
    }

    /// <summary>zmq:// addresses of the training workers, env i → worker i.</summary>
    public IReadOnlyList<string> Training => [.. _workers.Where(w => !w.Evaluation).Select(w => w.Address)];

    /// <summary>The evaluation worker's address, when one was started.</summary>
    public string? Evaluation => _workers.FirstOrDefault(w => w.Evaluation)?.Address;

    /// <summary>Process ids, for tests and the run log.</summary>
    public IReadOnlyList<int> ProcessIds => [.. _workers.Select(w => w.Process?.Id ?? 0)];

    /// <summary>Restarts so far (a worker that died and was started again).</summary>
    public int Restarts { get; private set; }

    public static BridgeWorkers Start(int count, bool evaluation, TrainConfig config, string logDirectory, Action<string> log, params string[] extraArguments)
    {
        Directory.CreateDirectory(logDirectory);
        var pool = new BridgeWorkers(log);
        try
        {
            for (int i = 0; i <= count; i++)
            {
                bool eval = i == count;
                if (eval && !evaluation)
                {
                    break;
                }

                long seed = eval ? config.Run.EvalSeed : unchecked((config.Run.Seed * 1000) + i);
                var worker = new Worker(eval ? "eval" : i.ToString(CultureInfo.InvariantCulture), eval, [.. Arguments(config, seed), .. extraArguments], Path.Combine(logDirectory, eval ? "worker-eval.log" : $"worker-{i}.log"));
                pool._workers.Add(worker);
                worker.Launch(port: 0);
            }

            foreach (Worker worker in pool._workers)
            {
                worker.AwaitStart(StartTimeout);
            }

            log($"started {count} bridge worker(s){(evaluation ? " and one for evaluations" : "")}: {string.Join(", ", pool._workers.Select(w => $"{w.Address} (pid {w.Process!.Id})"))}; logs in {logDirectory}.");
            pool._supervisor.Start();
            return pool;
        }
        catch
        {
            pool.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        if (_supervisor.IsAlive)
        {
            _supervisor.Join(TimeSpan.FromSeconds(5));
        }

        foreach (Worker worker in _workers)
        {
            worker.Dispose();
        }

        _stop.Dispose();
    }

    private static List<string> Arguments(TrainConfig config, long seed)
    {
        var args = new List<string>
        {
            "bridge", "--quiet", "--parent-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            "--hz", config.World.SimulationHz.ToString("R", CultureInfo.InvariantCulture),
            "--physics-substeps", config.World.PhysicsSubsteps.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
        };
        args.AddRange(config.World.MapPath is string map ? ["--map", Path.GetFullPath(map)] : ["--town", config.World.Town]);
        return args;
    }

    private void Supervise()
    {
        while (!_stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(500)))
        {
            foreach (Worker worker in _workers)
            {
                if (worker.Process is { HasExited: true } process && !_stop.IsCancellationRequested)
                {
                    _log($"bridge worker {worker.Name} ({worker.Address}, pid {process.Id}) exited with code {process.ExitCode}; restarting it on the same port.");
                    try
                    {
                        worker.Launch(worker.Port);
                        worker.AwaitStart(StartTimeout);
                        Restarts++;
                        _log($"bridge worker {worker.Name} restarted (pid {worker.Process!.Id}).");
                    }
                    catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
                    {
                        _log($"bridge worker {worker.Name} could not be restarted: {e.Message}; trying again.");
                    }
                }
            }
        }
    }

    [GeneratedRegex(@" on tcp://127\.0\.0\.1:(\d+) ")]
    private static partial Regex StartLine();

    /// <summary>One worker process and its log.</summary>
    private sealed class Worker(string name, bool evaluation, List<string> arguments, string logPath) : IDisposable
    {
        private readonly object _gate = new();
        private StreamWriter? _logFile;
        private TaskCompletionSource<int> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name { get; } = name;

        public bool Evaluation { get; } = evaluation;

        public int Port { get; private set; }

        public string Address => $"zmq://127.0.0.1:{Port}";

        public Process? Process { get; private set; }

        public void Launch(int port)
        {
            (string file, string[] prefix) = SelfCommand();
            var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (string a in prefix.Concat(arguments).Concat(["--bind", $"tcp://127.0.0.1:{port}"]))
            {
                info.ArgumentList.Add(a);
            }

            lock (_gate)
            {
                _logFile?.Dispose();
                _logFile = new StreamWriter(logPath, append: true) { AutoFlush = true };
                _started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            Process?.Dispose();
            var process = new Process { StartInfo = info };
            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            Process = process;
        }

        public void AwaitStart(TimeSpan timeout)
        {
            Task<int> started = _started.Task;
            if (!started.Wait(timeout))
            {
                throw new TimeoutException($"bridge worker {Name} did not report its endpoint within {timeout.TotalSeconds:0} s; see {logPath}.");
            }

            Port = started.Result > 0 ? started.Result : throw new IOException($"bridge worker {Name} failed to start; see {logPath}.");
        }

        public void Dispose()
        {
            if (Process is { HasExited: false } process)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(5000);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }

            Process?.Dispose();
            lock (_gate)
            {
                _logFile?.Dispose();
                _logFile = null;
            }
        }

        private void OnLine(string? line)
        {
            lock (_gate)
            {
                if (line is null)
                {
                    _started.TrySetResult(0); // the output ended before the start line: the worker failed
                    return;
                }

                _logFile?.WriteLine(line);
                Match match = StartLine().Match(line);
                if (line.StartsWith("bridge:", StringComparison.Ordinal) && match.Success)
                {
                    _started.TrySetResult(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }
        }

        /// <summary>How to run this same CLI again: the apphost, or <c>dotnet carla-drl.dll</c>.</summary>
        private static (string File, string[] Prefix) SelfCommand()
        {
            string process = Environment.ProcessPath ?? "dotnet";
            string dll = Assembly.GetEntryAssembly()?.Location ?? Path.Combine(AppContext.BaseDirectory, "carla-drl.dll");
            return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? (process, [dll]) : (process, []);
        }
    }
}
