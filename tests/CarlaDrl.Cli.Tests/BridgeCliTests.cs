using System.Globalization;
using System.Text.RegularExpressions;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary><c>bridge</c>, <c>train --workers</c> and <c>train --world zmq://…</c> as real child processes.</summary>
public sealed partial class BridgeCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void Train_with_two_bridge_workers_follows_the_in_process_run_bit_for_bit()
    {
        string runs = Path.Combine(Path.GetTempPath(), $"carla-drl-bridge-runs-{Guid.NewGuid():N}");
        try
        {
            string[] common =
            [
                "train", "--plain", "--set", $"run.runs_dir={runs}", "--set", "run.total_timesteps=512", "--set", "ppo.n_steps=128",
                "--set", "ppo.n_epochs=1", "--set", "run.torch_threads=1", "--set", "run.eval_every=512", "--set", "run.eval_episodes=1",
            ];
            ProcessResult workers = ChildProcess.RunCli(Timeout, [.. common, "--name", "workers", "--workers", "2"]);
            Assert.True(workers.ExitCode == 0, workers.ToString());
            Assert.Contains("started 2 bridge worker(s) and one for evaluations", workers.StandardOutput, StringComparison.Ordinal);
            ProcessResult local = ChildProcess.RunCli(Timeout, [.. common, "--name", "local", "--set", "run.num_envs=2"]);
            Assert.True(local.ExitCode == 0, local.ToString());

            string[] overBridge = RunCurves.Curve(Path.Combine(runs, "workers")), inProcess = RunCurves.Curve(Path.Combine(runs, "local"));
            Assert.Contains(overBridge, line => line.StartsWith("512 train/value_loss", StringComparison.Ordinal));
            Assert.Contains(overBridge, line => line.StartsWith("512 eval/route_completion", StringComparison.Ordinal));
            Assert.Equal(inProcess, overBridge);
            Assert.Equal(EpisodesWithoutWallTime(Path.Combine(runs, "local")), EpisodesWithoutWallTime(Path.Combine(runs, "workers")));
            Assert.True(File.Exists(Path.Combine(runs, "workers", "workers", "worker-1.log")));
        }
        finally
        {
            if (Directory.Exists(runs))
            {
                Directory.Delete(runs, recursive: true);
            }
        }
    }

    [Fact]
    public void Killing_one_of_two_workers_mid_run_never_stops_training_and_the_worker_rejoins()
    {
        using BackgroundProcess a = BackgroundProcess.StartCli("bridge", "--bind", "tcp://127.0.0.1:0", "--seed", "0");
        BackgroundProcess b = BackgroundProcess.StartCli("bridge", "--bind", "tcp://127.0.0.1:0", "--seed", "1");
        BackgroundProcess? restarted = null;
        string runs = Path.Combine(Path.GetTempPath(), $"carla-drl-bridge-fault-{Guid.NewGuid():N}");
        try
        {
            int portA = PortOf(a), portB = PortOf(b);
            using BackgroundProcess train = BackgroundProcess.StartCli(
                "train", "--plain", "--world", $"zmq://127.0.0.1:{portA},zmq://127.0.0.1:{portB}", "--name", "fault", "--set", $"run.runs_dir={runs}",
                "--set", "run.num_envs=2", "--set", "run.eval_episodes=0", "--set", "run.total_timesteps=4096", "--set", "ppo.n_steps=128", "--set", "ppo.n_epochs=1",
                "--set", "run.torch_threads=1", "--set", "run.log_every_seconds=0.2", "--set", "world.heartbeat_timeout=1");
            train.WaitForLine(line => line.Contains("step 512/4,096", StringComparison.Ordinal), Timeout);
            b.Kill(); // a crash: no goodbye
            string lost = train.WaitForLine(line => line.Contains("lost while", StringComparison.Ordinal), Timeout);
            int lostAt = Lines(train).IndexOf(lost);
            long stepAtLoss = LastStep(Lines(train).Take(lostAt));
            Thread.Sleep(3000); // the worker stays dead for a while
            restarted = BackgroundProcess.StartCli("bridge", "--bind", $"tcp://127.0.0.1:{portB}", "--seed", "1");
            Assert.Equal(portB, PortOf(restarted));
            string rejoined = train.WaitForLine(line => line.Contains("rejoined after", StringComparison.Ordinal), Timeout);
            long stepAtRejoin = LastStep(Lines(train).Take(Lines(train).IndexOf(rejoined)));

            Assert.True(train.WaitForExit(Timeout), train.Output);
            Assert.True(train.ExitCode == 0, train.Output);
            Assert.True(stepAtRejoin > stepAtLoss + 128, $"training should go on while the worker is down: step {stepAtLoss} at the loss, {stepAtRejoin} at the rejoin\n{train.Output}");
            Assert.Contains($"env 1 (zmq://127.0.0.1:{portB}): worker zmq://127.0.0.1:{portB} lost while", train.Output, StringComparison.Ordinal);
            Assert.Contains("discarded", train.Output, StringComparison.Ordinal);
            Assert.Contains("step 4,096/4,096", train.Output, StringComparison.Ordinal);
            Assert.Contains("session 1: trainer", restarted.Output, StringComparison.Ordinal); // the new worker served the same trainer

            // Env 1's episode cut by the crash is on record once; the waiting steps are no episodes.
            string[] episodes = File.ReadAllLines(Path.Combine(runs, "fault", "episodes.csv"));
            string[] header = episodes[0].Split(',');
            int env = Array.IndexOf(header, "env"), reason = Array.IndexOf(header, "reason");
            Assert.Single(episodes.Skip(1), line => line.Split(',')[reason] == "connection_lost" && line.Split(',')[env] == "1");
        }
        finally
        {
            b.Dispose();
            restarted?.Dispose();
            if (Directory.Exists(runs))
            {
                Directory.Delete(runs, recursive: true);
            }
        }
    }

    [Fact]
    public void A_python_client_that_behaves_like_the_seeds_feeds_a_short_training_run_in_seed_mode()
    {
        using BackgroundProcess bridge = BackgroundProcess.StartCli("bridge", "--bind", "tcp://127.0.0.1:0", "--seed", "0");
        int bridgePort = PortOf(bridge), port = LoopbackPorts.FreePair();
        using BackgroundProcess client = BackgroundProcess.Start(PythonPeer.Interpreter(), [PythonPeer.Script("seed_client.py"), $"tcp://127.0.0.1:{bridgePort}", port.ToString(CultureInfo.InvariantCulture), "120"]);
        string runs = Path.Combine(Path.GetTempPath(), $"carla-drl-seed-runs-{Guid.NewGuid():N}");
        try
        {
            ProcessResult train = ChildProcess.RunCli(
                Timeout, "train", "--plain", "--protocol", "seed", "--world", $"zmq://127.0.0.1:{port}", "--name", "seed", "--set", $"run.runs_dir={runs}",
                "--set", "run.num_envs=1", "--set", "run.eval_episodes=0", "--set", "run.total_timesteps=384", "--set", "ppo.n_steps=128",
                "--set", "ppo.n_epochs=1", "--set", "run.torch_threads=1");
            Assert.True(train.ExitCode == 0, $"{train}\nclient:\n{client.Output}");
            Assert.Contains($"env 0 (seed://127.0.0.1:{port})", train.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("step 384/384", train.StandardOutput, StringComparison.Ordinal);
            Match counters = SeedCounters().Match(train.StandardOutput);
            Assert.True(counters.Success, train.StandardOutput);
            Assert.True(long.Parse(counters.Groups[1].Value, CultureInfo.InvariantCulture) >= 384, counters.Value); // at least one real frame per step
            Assert.Equal("0", counters.Groups[2].Value); // no malformed message from the unchanged client
            Assert.True(File.Exists(Path.Combine(runs, "seed", "checkpoints", "checkpoint_000000000384.zip")));

            Assert.True(client.WaitForExit(TimeSpan.FromSeconds(60)), client.Output);
            using var report = System.Text.Json.JsonDocument.Parse(client.Output.Trim().Split('\n')[^1]);
            Assert.True(report.RootElement.GetProperty("received").GetInt32() >= 384, client.Output); // our actions reached the client
            Assert.Equal("[\"brake\",\"steering\",\"throttle\"]", report.RootElement.GetProperty("keys").GetRawText()); // exactly the seed's keys
        }
        finally
        {
            if (Directory.Exists(runs))
            {
                Directory.Delete(runs, recursive: true);
            }
        }
    }

    [GeneratedRegex(@"seed stream tcp://127\.0\.0\.1:\d+: (\d+) frames received, \d+ dropped \(newer ones had arrived\), \d+ reused \(nothing new in time\), (\d+) malformed")]
    private static partial Regex SeedCounters();

    private static List<string> Lines(BackgroundProcess process) => [.. process.Output.Split('\n').Select(l => l.TrimEnd('\r'))];

    private static long LastStep(IEnumerable<string> lines) =>
        lines.Select(l => StepLine().Match(l)).Where(m => m.Success).Select(m => long.Parse(m.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)).LastOrDefault();

    private static string[] EpisodesWithoutWallTime(string run) =>
        [.. File.ReadAllLines(Path.Combine(run, "episodes.csv")).Select(line => line[(line.IndexOf(',', StringComparison.Ordinal) + 1)..])];

    internal static int PortOf(BackgroundProcess bridge)
    {
        string line = bridge.WaitForLine(l => l.StartsWith("bridge:", StringComparison.Ordinal), Timeout);
        return int.Parse(PortPattern().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"tcp://127\.0\.0\.1:(\d+)")]
    private static partial Regex PortPattern();

    [GeneratedRegex(@"step ([\d,]+)/")]
    private static partial Regex StepLine();
}
