using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary><c>serve-carla</c>, <c>drive --world carla://…</c> and <c>bench carla</c> as real child processes.</summary>
public sealed partial class CarlaCliTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void Drive_runs_against_serve_carla_through_the_world_option()
    {
        using BackgroundProcess server = BackgroundProcess.StartCli("serve-carla", "--port", "0", "--town", "Town02");
        string line = server.WaitForLine(l => l.StartsWith("serve-carla:", StringComparison.Ordinal), Timeout);
        int port = int.Parse(Port().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--world", $"carla://127.0.0.1:{port}", "--town", "Town02", "--seconds", "5", "--every", "5", "--vehicles", "0", "--pedestrians", "0");
        Assert.True(result.ExitCode == 0, $"{result}\nserver:\n{server.Output}");
        Assert.Contains($"Driving carla://127.0.0.1:{port}", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"Done: 50 frames", result.StandardOutput);
    }

    [Fact]
    public void Train_and_evaluate_through_serve_carla_follow_the_in_process_run_bit_for_bit()
    {
        // serve-carla seeded as the run seeds its embedded worlds: training env 0 → seed·1000, evaluation → eval_seed.
        using BackgroundProcess trainServer = BackgroundProcess.StartCli("serve-carla", "--port", "0", "--seed", "0");
        using BackgroundProcess evalServer = BackgroundProcess.StartCli("serve-carla", "--port", "0", "--seed", "2017");
        int trainPort = PortOf(trainServer), evalPort = PortOf(evalServer);
        string runs = Path.Combine(Path.GetTempPath(), $"carla-drl-carla-runs-{Guid.NewGuid():N}");
        try
        {
            string[] common =
            [
                "--plain", "--set", $"run.runs_dir={runs}", "--set", "run.num_envs=1", "--set", "run.total_timesteps=384", "--set", "ppo.n_steps=128",
                "--set", "ppo.n_epochs=1", "--set", "run.torch_threads=1", "--set", "run.eval_every=384", "--set", "run.eval_episodes=1",
            ];
            ProcessResult carla = ChildProcess.RunCli(Timeout, ["train", .. common, "--name", "carla", "--world", $"carla://127.0.0.1:{trainPort}", "--set", $"world.eval_server=carla://127.0.0.1:{evalPort}"]);
            Assert.True(carla.ExitCode == 0, $"{carla}\nserver:\n{trainServer.Output}");
            Assert.Contains($"env 0 (carla://127.0.0.1:{trainPort}): connected", carla.StandardOutput, StringComparison.Ordinal);
            ProcessResult embedded = ChildProcess.RunCli(Timeout, ["train", .. common, "--name", "embedded"]);
            Assert.True(embedded.ExitCode == 0, embedded.ToString());

            // Same images and measurements over the wire as in process: the same learning curve, value for value.
            string[] overCarla = RunCurves.Curve(Path.Combine(runs, "carla")), inProcess = RunCurves.Curve(Path.Combine(runs, "embedded"));
            Assert.Contains(overCarla, line => line.StartsWith("384 train/value_loss", StringComparison.Ordinal));
            Assert.Contains(overCarla, line => line.StartsWith("384 eval/route_completion", StringComparison.Ordinal));
            Assert.Equal(inProcess, overCarla);

            string checkpoint = Path.Combine(runs, "carla", "checkpoints", "checkpoint_000000000384.zip");
            ProcessResult evaluate = ChildProcess.RunCli(Timeout, "evaluate", "--checkpoint", checkpoint, "--episodes", "1", "--no-baselines");
            Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
            Assert.Contains($"(carla://127.0.0.1:{evalPort})", evaluate.StandardOutput, StringComparison.Ordinal);
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
    public void Training_survives_a_serve_carla_killed_and_restarted_mid_run_and_drops_the_broken_transition()
    {
        BackgroundProcess first = BackgroundProcess.StartCli("serve-carla", "--port", "0");
        BackgroundProcess? second = null;
        string runs = Path.Combine(Path.GetTempPath(), $"carla-drl-fault-runs-{Guid.NewGuid():N}");
        try
        {
            int port = PortOf(first);
            using BackgroundProcess train = BackgroundProcess.StartCli(
                "train", "--plain", "--world", $"carla://127.0.0.1:{port}", "--name", "fault", "--set", $"run.runs_dir={runs}", "--set", "run.num_envs=1",
                "--set", "run.eval_episodes=0", "--set", "run.total_timesteps=768", "--set", "ppo.n_steps=128", "--set", "ppo.n_epochs=1",
                "--set", "run.torch_threads=1", "--set", "run.log_every_seconds=0.1");
            train.WaitForLine(line => line.Contains("step 256/768", StringComparison.Ordinal), Timeout);
            first.Kill(); // a crash: no goodbye on any socket
            Thread.Sleep(500);
            second = BackgroundProcess.StartCli("serve-carla", "--port", port.ToString(CultureInfo.InvariantCulture));
            Assert.Equal(port, PortOf(second));

            Assert.True(train.WaitForExit(Timeout), train.Output);
            Assert.True(train.ExitCode == 0, train.Output);
            Assert.Contains("connection lost", train.Output, StringComparison.Ordinal);
            Assert.Contains($"reconnected to", train.Output, StringComparison.Ordinal);
            Assert.Contains("step 768/768", train.Output, StringComparison.Ordinal);

            // The cut episode is on record with its reason, and PPO's episode statistics left it out.
            string[] episodes = File.ReadAllLines(Path.Combine(runs, "fault", "episodes.csv"));
            int reason = Array.IndexOf(episodes[0].Split(','), "reason");
            Assert.Contains(episodes.Skip(1), line => line.Split(',')[reason] == "connection_lost");
            Assert.Contains("discarded 1 transition", train.Output, StringComparison.Ordinal);
        }
        finally
        {
            first.Dispose();
            second?.Dispose();
            if (Directory.Exists(runs))
            {
                Directory.Delete(runs, recursive: true);
            }
        }
    }

    private static int PortOf(BackgroundProcess server)
    {
        string line = server.WaitForLine(l => l.StartsWith("serve-carla:", StringComparison.Ordinal), Timeout);
        return int.Parse(Port().Match(line).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void An_unknown_world_is_a_clear_error()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--world", "carla:/nohost", "--seconds", "1");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error: --world 'carla:/nohost' is unknown; allowed: embedded, carla://host:port", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void No_server_at_the_world_address_is_a_clear_error()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // a port nobody listens on
        ProcessResult result = ChildProcess.RunCli(Timeout, "drive", "--world", $"carla://127.0.0.1:{port}", "--seconds", "1");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"error: Cannot reach the CARLA server at carla://127.0.0.1:{port}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("failed to connect to the world port after 10 attempts", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_carla_reports_both_rates_and_the_decode_time()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "bench", "carla", "--steps", "200", "--warmup", "50", "--repeat", "1", "--decode-frames", "20", "--vehicles", "2", "--pedestrians", "2", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument doc = JsonDocument.Parse(result.StandardOutput);
        Assert.True(doc.RootElement.GetProperty("in_process_fps").GetProperty("median").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("loopback_fps").GetProperty("median").GetDouble() > 0);
        Assert.True(doc.RootElement.GetProperty("decode_800x600_to_64x64_ms").GetProperty("median").GetDouble() > 0);
    }

    [Fact]
    public void Serve_carla_help_names_its_options()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "serve-carla", "--help");
        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (string option in new[] { "--port", "--host", "--town", "--map", "--hz", "--timeout" })
        {
            Assert.Contains(option, result.StandardOutput, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@" on [^ ]+:(\d+) ")]
    private static partial Regex Port();
}
