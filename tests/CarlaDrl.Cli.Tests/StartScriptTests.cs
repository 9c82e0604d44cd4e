using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary>
/// The start menu (scripts/start.sh, scripts/start.ps1; docs/start.md) as real child processes: each item, the menu's
/// answers, and SIGTERM passed on to the processes a script starts (no orphans, ports free again). The scenarios live
/// here; <see cref="StartShTests"/> and <see cref="StartPs1Tests"/> run each of them on their script. Every run gets a
/// temporary RUNS_DIR and free loopback ports, and the CLI built next to this assembly (CARLA_DRL), so nothing builds.
/// </summary>
public abstract partial class StartScriptTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // A tiny run as in TrainCommandTests, without run.num_envs (item 1 sets it to its one bridge worker).
    private static readonly string[] Tiny = ["--plain", "--set", "ppo.n_steps=64", "--set", "ppo.n_epochs=1", "--set", "run.torch_threads=1"];

    private readonly string _runs = Path.Combine(Path.GetTempPath(), $"carla-drl-start-runs-{Guid.NewGuid():N}");

    /// <summary>The command that runs the script: the file and the arguments before the item.</summary>
    protected abstract string[] Script { get; }

    /// <summary>How the script tells the user to run it again (in its "continue with:" line).</summary>
    protected abstract string Self { get; }

    public void Dispose()
    {
        if (Directory.Exists(_runs))
        {
            Directory.Delete(_runs, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected void HealthCheckPassesAndFailsWithTheExitCodeOfHealth()
    {
        ProcessResult healthy = Run(["4"]);
        Assert.True(healthy.ExitCode == 0, healthy.ToString());
        Assert.Contains("✅ torch: libtorch", healthy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"✅ run directory: {_runs} is writable", healthy.StandardOutput, StringComparison.Ordinal); // RUNS_DIR reached health
        Assert.Contains("healthy (", healthy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("health check passed (exit 0)", healthy.StandardError, StringComparison.Ordinal);

        int down = LoopbackPorts.Free();
        ProcessResult unhealthy = Run(["4", "--bridge", $"tcp://127.0.0.1:{down}"]);
        Assert.True(unhealthy.ExitCode == 1, unhealthy.ToString());
        Assert.Contains($"❌ bridge 127.0.0.1:{down}: no bridge hello", unhealthy.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("health check: a required check failed (exit 1", unhealthy.StandardError, StringComparison.Ordinal);
    }

    protected void TrainingWritesACheckpointAndTheRunsItemListsItWithTheTensorBoardCommand()
    {
        ProcessResult train = Run(["3", .. Tiny, "--set", "run.num_envs=2", "--set", "run.total_timesteps=256", "--set", "run.eval_episodes=1", "--name", "quick"]);
        Assert.True(train.ExitCode == 0, train.ToString());
        string run = Path.Combine(_runs, "quick");
        Assert.True(File.Exists(Path.Combine(run, "checkpoints", "checkpoint_000000000256.zip")), train.ToString());
        Assert.Contains($"training ended (exit 0: finished, run {run}, final checkpoint {Path.Combine(run, "checkpoints", "checkpoint_000000000256.zip")})", train.StandardError, StringComparison.Ordinal);

        ProcessResult runs = Run(["5"]);
        Assert.True(runs.ExitCode == 0, runs.ToString());
        Assert.Contains("  quick: 256/256 steps (checkpoints/checkpoint_000000000256.zip)", runs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("    last evaluation @ 256: route completion ", runs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(1 episodes)", runs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("    not running", runs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"TensorBoard: tensorboard --logdir {_runs}", runs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"./carla-drl plot {run} --out curves.png", runs.StandardOutput, StringComparison.Ordinal);
    }

    protected void TheBridgeServesUntilSigtermThenStopsAndFreesItsPort()
    {
        int port = LoopbackPorts.Free();
        using BackgroundProcess script = Start(["2"], port);
        string ready = script.WaitForLine(line => line.StartsWith($"bridge: embedded Town01 on tcp://127.0.0.1:{port} ", StringComparison.Ordinal), Timeout);
        int bridge = int.Parse(BridgePid().Match(ready).Groups[1].Value, CultureInfo.InvariantCulture);

        ProcessResult probe = ChildProcess.RunCli(Timeout, "health", "--bridge", $"tcp://127.0.0.1:{port}", "--runs-dir", _runs);
        Assert.Contains($"✅ bridge 127.0.0.1:{port}: hello from 'embedded Town01'", probe.StandardOutput, StringComparison.Ordinal);

        Assert.Equal(0, Kill(script.Id, 15));
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(1)), script.Output);
        Assert.True(script.ExitCode == 0, script.Output);
        Assert.Contains($"stopped: bridge worker pid {bridge} (exit 0)", script.Output, StringComparison.Ordinal);
        Assert.Contains("bridge: stopped after 1 session(s)", script.Output, StringComparison.Ordinal); // its own clean end
        AssertGone(bridge);
        AssertFree(port);
    }

    protected void TheFullSystemTrainsOnItsBridgeWorkersAndStopsThem()
    {
        int port = LoopbackPorts.FreePair(); // the training worker and, on the next port, the evaluation worker
        ProcessResult full = Run(["1", .. Tiny, "--set", "ppo.n_steps=128", "--set", "run.total_timesteps=256", "--set", "run.eval_episodes=1", "--name", "full"], port);
        Assert.True(full.ExitCode == 0, full.ToString());
        string log = full.StandardError;
        int bridge = PidOf(log, $"bridge worker pid (\\d+) ready on tcp://127\\.0\\.0\\.1:{port}\\b");
        int evaluation = PidOf(log, $"evaluation bridge worker pid (\\d+) ready on tcp://127\\.0\\.0\\.1:{port + 1}\\b");
        Assert.Contains($"--world zmq://127.0.0.1:{port} --set run.num_envs=1 --set world.eval_server=zmq://127.0.0.1:{port + 1}", log, StringComparison.Ordinal);
        Assert.Contains("training ended (exit 0: finished", log, StringComparison.Ordinal);
        Assert.Contains($"stopped: bridge worker pid {bridge} (exit 0)", log, StringComparison.Ordinal);
        Assert.Contains($"stopped: evaluation bridge worker pid {evaluation} (exit 0)", log, StringComparison.Ordinal);
        Assert.True(log.IndexOf("training ended", StringComparison.Ordinal) < log.IndexOf("stopped: bridge worker", StringComparison.Ordinal), log); // workers outlive the trainer

        string run = Path.Combine(_runs, "full");
        Assert.True(File.Exists(Path.Combine(run, "checkpoints", "checkpoint_000000000256.zip")), full.ToString());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(run, "evaluations.csv")).Length); // header + the evaluation on the evaluation worker
        Assert.Contains($"bridge: embedded Town01 on tcp://127.0.0.1:{port} ", File.ReadAllText(Path.Combine(run, "workers", "bridge.log")), StringComparison.Ordinal); // the workers' logs went with the run
        AssertGone(bridge);
        AssertGone(evaluation);
        AssertFree(port);
        AssertFree(port + 1);
    }

    protected void TheFullSystemDoesNotTrainWhenItsBridgePortIsTaken()
    {
        int port = LoopbackPorts.FreePair();
        var squatter = new TcpListener(IPAddress.Loopback, port);
        squatter.Start();
        try
        {
            ProcessResult full = Run(["1", .. Tiny, "--name", "never"], port);
            Assert.True(full.ExitCode == 2, full.ToString()); // bridge's own exit code for a port it cannot bind
            Assert.Contains($"bridge worker failed to start (exit 2) on tcp://127.0.0.1:{port}", full.StandardError, StringComparison.Ordinal);
            Assert.Contains($"port {port} is taken", full.StandardError, StringComparison.Ordinal);
            Assert.Contains("the training was not started.", full.StandardError, StringComparison.Ordinal);
            Assert.DoesNotContain("running: ./carla-drl train", full.StandardError, StringComparison.Ordinal);
            Assert.False(Directory.Exists(Path.Combine(_runs, "never")));
        }
        finally
        {
            squatter.Stop();
        }
    }

    protected void ABridgeThatDiesMidRunStopsTheTrainingWithACheckpoint()
    {
        int port = LoopbackPorts.FreePair();
        using BackgroundProcess script = Start(["1", .. Tiny, "--set", "run.total_timesteps=100000000", "--set", "run.log_every_seconds=0.1", "--name", "orphaned"], port);
        int bridge = PidOf(script.WaitForLine(line => line.StartsWith("bridge worker pid ", StringComparison.Ordinal), Timeout), @"pid (\d+)");
        script.WaitForLine(line => line.Contains("/100,000,000 (", StringComparison.Ordinal), Timeout); // a first progress line: training runs
        Assert.Equal(0, Kill(bridge, 9)); // a crash: no goodbye
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(2)), script.Output);
        Assert.True(script.ExitCode == 130, script.Output);
        Assert.Contains($"bridge worker pid {bridge} ended during training (exit 137: killed by SIGKILL); stopping the training", script.Output, StringComparison.Ordinal);
        Assert.Contains("stopped: training (exit 130: interrupted, checkpoint saved in", script.Output, StringComparison.Ordinal);
        Assert.Matches(@"stopped: evaluation bridge worker pid \d+ \(exit 0\)", script.Output);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_runs, "orphaned", "checkpoints"), "checkpoint_*.zip"));
        AssertFree(port + 1);
    }

    protected void TheMenuSaysAnInvalidAnswerIsInvalidAndEndsOnExitOrEndOfInput()
    {
        ProcessResult menu = Run([], input: "9\n\n6\n");
        Assert.True(menu.ExitCode == 0, menu.ToString());
        Assert.Contains("1) Full system: bridge worker (embedded) + training against it", menu.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("'9' is not a choice: type a number from 1 to 6.", menu.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("no answer: type a number from 1 to 6.", menu.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Choice [1-6]: 6", menu.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("bye.", menu.StandardOutput.TrimEnd(), StringComparison.Ordinal);

        ProcessResult listed = Run([], input: "5\n");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains($"no runs yet: {_runs} does not exist", listed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("(item 5 ended with exit code 0)", listed.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Count(listed.StandardOutput, "CarlaDrl start menu")); // the menu came back after the item
        Assert.EndsWith("end of input; bye.", listed.StandardOutput.TrimEnd(), StringComparison.Ordinal);

        ProcessResult unknown = Run(["9"]);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'9' is not an item", unknown.StandardError, StringComparison.Ordinal);
    }

    protected void SigtermDuringTrainingSavesACheckpointExits130AndTheRunResumes()
    {
        using BackgroundProcess script = Start(["3", .. Tiny, "--set", "run.num_envs=2", "--set", "run.total_timesteps=100000000", "--set", "run.eval_episodes=0", "--set", "run.log_every_seconds=0.1", "--name", "stopped"]);
        script.WaitForLine(line => line.Contains("/100,000,000 (", StringComparison.Ordinal), Timeout);
        Assert.Equal(0, Kill(script.Id, 15));
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(2)), script.Output);
        Assert.True(script.ExitCode == 130, script.Output);
        string run = Path.Combine(_runs, "stopped");
        int trainer = PidOf(script.Output, @"SIGTERM: stopping training pid (\d+) with SIGTERM");
        Assert.Contains($"stopped: training (exit 130: interrupted, checkpoint saved in {Path.Combine(run, "checkpoints")}", script.Output, StringComparison.Ordinal);
        Assert.Contains($"continue with: {Self} 3 --resume {run}", script.Output, StringComparison.Ordinal);
        AssertGone(trainer);

        string saved = Directory.GetFiles(Path.Combine(run, "checkpoints"), "checkpoint_*.zip").Max()!;
        long steps = long.Parse(Path.GetFileNameWithoutExtension(saved)["checkpoint_".Length..], CultureInfo.InvariantCulture);
        ProcessResult resumed = Run(["3", "--plain", "--resume", run, "--set", $"run.total_timesteps={steps + 128}"]);
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("Resumed from", resumed.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"training ended (exit 0: finished, run {run}", resumed.StandardError, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Environment(int? bridgePort)
    {
        // Only what a test sets: variables of the machine running the tests must not steer the scripts.
        return new Dictionary<string, string>
        {
            ["CARLA_DRL"] = Path.Combine(AppContext.BaseDirectory, "carla-drl.dll"),
            ["RUNS_DIR"] = _runs,
            ["BRIDGE_BIND"] = $"tcp://127.0.0.1:{bridgePort ?? LoopbackPorts.Free()}",
            ["EVAL_BRIDGE_BIND"] = "",
            ["BRIDGE"] = "",
            ["EVAL_BRIDGE"] = "",
            ["CARLA_SERVER"] = "",
            ["CARLA_EVAL_SERVER"] = "",
            ["BRIDGE_ARGS"] = "",
            ["STOP_TIMEOUT"] = "120",
        };
    }

    private ProcessResult Run(string[] arguments, int? bridgePort = null, string? input = null) =>
        ChildProcess.Run(Script[0], [.. Script[1..], .. arguments], Timeout, RepositoryPaths.Root, Environment(bridgePort), input);

    private BackgroundProcess Start(string[] arguments, int? bridgePort = null) =>
        BackgroundProcess.Start(Script[0], [.. Script[1..], .. arguments], RepositoryPaths.Root, Environment(bridgePort));

    private static int PidOf(string text, string pattern)
    {
        Match match = Regex.Match(text, pattern);
        Assert.True(match.Success, $"no '{pattern}' in:\n{text}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static void AssertGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(5)), $"pid {pid} ({process.ProcessName}) outlived the script that started it");
        }
        catch (ArgumentException)
        {
            // gone, as it should be
        }
    }

    private static void AssertFree(int port)
    {
        // SO_REUSEADDR: a closed connection in TIME_WAIT does not count, a listener still holding the port does.
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        listener.Stop();
    }

    [GeneratedRegex(@"\(protocol 1, pid (\d+)\)")]
    private static partial Regex BridgePid();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
