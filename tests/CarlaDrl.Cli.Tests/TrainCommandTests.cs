using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary><c>carla-drl train</c>, <c>evaluate</c> and <c>bench train</c> as real child processes on the embedded world.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    // A tiny run: 2 envs × 64 steps per rollout, one epoch; everything else as in the main job.
    internal static readonly string[] Tiny =
    [
        "--plain", "--set", "run.num_envs=2", "--set", "ppo.n_steps=64", "--set", "ppo.n_epochs=1", "--set", "run.torch_threads=1",
    ];

    private readonly string _runs = Path.Combine(Path.GetTempPath(), $"carla-drl-runs-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_runs))
        {
            Directory.Delete(_runs, recursive: true);
        }
    }

    private ProcessResult Train(params string[] arguments) =>
        ChildProcess.RunCli(Timeout, ["train", .. Tiny, "--set", $"run.runs_dir={_runs}", .. arguments]);

    [Fact]
    public void A_short_run_writes_config_events_csv_evaluations_and_checkpoints_that_load_and_act()
    {
        ProcessResult result = Train("--name", "short", "--set", "run.total_timesteps=256", "--set", "run.checkpoint_every=128", "--set", "run.eval_every=128", "--set", "run.eval_episodes=2");
        Assert.True(result.ExitCode == 0, result.ToString());
        string run = Path.Combine(_runs, "short");
        Assert.Contains("step 256/256", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("eval @ 128", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("ppo:", File.ReadAllText(Path.Combine(run, "config.yaml")), StringComparison.Ordinal);
        using (JsonDocument resolved = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.resolved.json"))))
        {
            Assert.Equal(64, resolved.RootElement.GetProperty("ppo").GetProperty("n_steps").GetInt32());
        }

        string events = Assert.Single(Directory.GetFiles(Path.Combine(run, "tensorboard"), "events.out.tfevents.*"));
        Assert.True(new FileInfo(events).Length > 1000);
        string[] metrics = File.ReadAllLines(Path.Combine(run, "metrics.csv"));
        foreach (string key in new[] { "rollout/ep_rew_mean", "train/approx_kl", "train/clip_fraction", "train/explained_variance", "time/fps", "charts/SPS", "eval/route_completion", "system/rss_mb" })
        {
            Assert.Contains(metrics, line => line.Contains($",{key},", StringComparison.Ordinal));
        }

        Assert.Contains(metrics, line => line.Contains(",256,train/value_loss,", StringComparison.Ordinal));
        string[] episodes = File.ReadAllLines(Path.Combine(run, "episodes.csv"));
        Assert.StartsWith("wall_time,step,episode,env,return,length,reason", episodes[0], StringComparison.Ordinal);
        Assert.Contains("reward/progress", episodes[0], StringComparison.Ordinal);
        string[] evaluations = File.ReadAllLines(Path.Combine(run, "evaluations.csv"));
        Assert.Equal(3, evaluations.Length); // header + steps 128 and 256
        string checkpoint = Path.Combine(run, "checkpoints", "checkpoint_000000000256.zip");
        Assert.True(File.Exists(checkpoint), string.Join('\n', Directory.GetFiles(Path.Combine(run, "checkpoints"))));
        Assert.True(File.Exists(Path.Combine(run, "checkpoints", "best.zip")));

        string json = Path.Combine(run, "evaluate.json");
        ProcessResult evaluate = ChildProcess.RunCli(Timeout, "evaluate", "--checkpoint", checkpoint, "--episodes", "2", "--json", json);
        Assert.True(evaluate.ExitCode == 0, evaluate.ToString());
        Assert.Contains("trained 256 steps", evaluate.StandardOutput, StringComparison.Ordinal);
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(json));
        string[] policies = [.. report.RootElement.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("policy").GetString()!)];
        Assert.Equal(["ppo (deterministic)", "autopilot", "random"], policies);
        JsonElement autopilot = report.RootElement.GetProperty("reports")[1];
        Assert.True(autopilot.GetProperty("route_completion").GetDouble() > 0.5, "the autopilot baseline should drive most of the held-out routes");
        Assert.All(report.RootElement.GetProperty("reports").EnumerateArray(), r => Assert.Equal(2, r.GetProperty("episodes").GetArrayLength()));
    }

    [Fact]
    public void Resume_with_a_longer_total_continues_the_same_curve_bit_for_bit()
    {
        // Constant learning rate: then a run extended past its first total is the same as one planned that long.
        string[] common = ["--set", "run.checkpoint_every=256", "--set", "run.eval_episodes=0", "--set", "run.seed=3", "--set", "ppo.linear_lr_schedule=false"];
        ProcessResult straight = Train(["--name", "straight", "--set", "run.total_timesteps=512", .. common]);
        Assert.True(straight.ExitCode == 0, straight.ToString());
        ProcessResult first = Train(["--name", "split", "--set", "run.total_timesteps=256", .. common]);
        Assert.True(first.ExitCode == 0, first.ToString());
        ProcessResult second = ChildProcess.RunCli(Timeout, "train", "--plain", "--resume", Path.Combine(_runs, "split"), "--set", "run.total_timesteps=512");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Resumed from", second.StandardOutput, StringComparison.Ordinal);

        string[] a = RunCurves.Curve(Path.Combine(_runs, "straight")), b = RunCurves.Curve(Path.Combine(_runs, "split"));
        Assert.Contains(a, line => line.StartsWith("512 train/value_loss", StringComparison.Ordinal));
        Assert.Equal(a, b);
        Assert.Equal(PolicyBytes(Path.Combine(_runs, "straight", "checkpoints", "checkpoint_000000000512.zip")), PolicyBytes(Path.Combine(_runs, "split", "checkpoints", "checkpoint_000000000512.zip")));
    }

    [Fact]
    public void Resuming_an_earlier_checkpoint_under_the_lr_schedule_replays_the_run_bit_for_bit()
    {
        // The default linear schedule depends on step / total: resuming with the same total must replay exactly.
        ProcessResult straight = Train("--name", "scheduled", "--set", "run.total_timesteps=384", "--set", "run.checkpoint_every=128", "--set", "run.eval_episodes=0", "--set", "run.seed=4");
        Assert.True(straight.ExitCode == 0, straight.ToString());
        string run = Path.Combine(_runs, "scheduled");
        string[] original = RunCurves.Curve(run);
        string final = Path.Combine(run, "checkpoints", "checkpoint_000000000384.zip");
        byte[] finalPolicy = PolicyBytes(final);
        double[] rates = [.. original.Where(line => line.Contains(" train/learning_rate ", StringComparison.Ordinal)).Select(line => double.Parse(line.Split(' ')[2], CultureInfo.InvariantCulture))];
        Assert.Equal(3, rates.Length);
        Assert.True(rates[0] > rates[1] && rates[1] > rates[2] && rates[0] <= 3e-4, string.Join(", ", rates));

        ProcessResult resumed = ChildProcess.RunCli(Timeout, "train", "--plain", "--resume", Path.Combine(run, "checkpoints", "checkpoint_000000000128.zip"));
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("at step 128", resumed.StandardOutput, StringComparison.Ordinal);

        string[] appended = [.. RunCurves.Curve(run).Skip(original.Length)];
        string[] expected = [.. original.Where(line => long.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture) > 128)];
        Assert.NotEmpty(expected);
        Assert.Equal(expected, appended);
        Assert.Equal(finalPolicy, PolicyBytes(final));
    }

    [Theory]
    [InlineData(15)] // SIGTERM
    [InlineData(2)] // SIGINT, what Ctrl+C sends
    public void Sigterm_or_ctrl_c_saves_a_checkpoint_and_exits_130_and_the_run_resumes_from_it(int signal)
    {
        using var run = BackgroundProcess.StartCli(["train", .. Tiny, "--set", $"run.runs_dir={_runs}", "--name", "stopped", "--set", "run.total_timesteps=100000000", "--set", "run.eval_episodes=0", "--set", "run.log_every_seconds=0.1"]);
        run.WaitForLine(line => line.Contains("step 128/", StringComparison.Ordinal), Timeout);
        Assert.Equal(0, Signals.Send(run.Id, signal));
        Assert.True(run.WaitForExit(TimeSpan.FromMinutes(2)), run.Output);
        Assert.Equal(130, run.ExitCode);
        Assert.Contains("Interrupted at step", run.Output, StringComparison.Ordinal);
        string[] saved = Directory.GetFiles(Path.Combine(_runs, "stopped", "checkpoints"), "checkpoint_*.zip");
        Assert.NotEmpty(saved);
        ProcessResult resumed = ChildProcess.RunCli(Timeout, "train", "--plain", "--resume", Path.Combine(_runs, "stopped"), "--set", $"run.total_timesteps={StepsOf(saved.Max()!) + 128}");
        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("Resumed from", resumed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_errors_exit_2_naming_the_key_and_write_no_run()
    {
        ProcessResult unknown = Train("--set", "ppo.learnng_rate=0.1");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("ppo.learnng_rate", unknown.StandardError, StringComparison.Ordinal);
        ProcessResult invalid = Train("--set", "ppo.gamma=1.5");
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("ppo.gamma", invalid.StandardError, StringComparison.Ordinal);
        ProcessResult missingFile = Train("--config", "no-such-config.yaml");
        Assert.Equal(2, missingFile.ExitCode);
        Assert.Contains("no-such-config.yaml", missingFile.StandardError, StringComparison.Ordinal);
        ProcessResult noRun = ChildProcess.RunCli(Timeout, "train", "--resume", Path.Combine(_runs, "never"));
        Assert.Equal(2, noRun.ExitCode);
        Assert.Contains("never", noRun.StandardError, StringComparison.Ordinal);
        ProcessResult badCheckpoint = ChildProcess.RunCli(Timeout, "evaluate", "--checkpoint", Path.Combine(_runs, "none.zip"));
        Assert.Equal(2, badCheckpoint.ExitCode);
        Assert.False(Directory.Exists(_runs) && Directory.EnumerateFiles(_runs, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public void Bench_train_prints_end_to_end_speed_and_the_learner_bound()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "bench", "train", "--iterations", "1", "--json", "--set", "run.num_envs=2", "--set", "ppo.n_steps=64", "--set", "ppo.n_epochs=2");
        Assert.True(result.ExitCode == 0, result.ToString());
        using JsonDocument json = JsonDocument.Parse(result.StandardOutput);
        double endToEnd = json.RootElement.GetProperty("end_to_end_steps_per_second").GetDouble();
        double bound = json.RootElement.GetProperty("learner_bound_steps_per_second").GetDouble();
        Assert.True(endToEnd > 0 && bound > endToEnd, result.StandardOutput);
        Assert.Equal(endToEnd / bound, json.RootElement.GetProperty("ratio").GetDouble(), 6);
        double env = json.RootElement.GetProperty("env_step_seconds").GetDouble(), policy = json.RootElement.GetProperty("policy_and_buffer_seconds").GetDouble();
        double rollout = json.RootElement.GetProperty("per_iteration")[0].GetProperty("rollout_seconds").GetDouble();
        Assert.True(env > 0 && policy > 0, result.StandardOutput);
        Assert.Equal(rollout, env + policy, 9);
    }

    private static byte[] PolicyBytes(string checkpoint)
    {
        using ZipArchive zip = ZipFile.OpenRead(checkpoint);
        using var stream = zip.GetEntry("policy.bin")!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static long StepsOf(string checkpoint) =>
        long.Parse(Path.GetFileNameWithoutExtension(checkpoint)["checkpoint_".Length..], CultureInfo.InvariantCulture);
}
