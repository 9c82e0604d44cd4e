using CarlaDrl.TestKit;
using SkiaSharp;

namespace CarlaDrl.Cli.Tests;

/// <summary><c>carla-drl plot</c> as a child process on run directories that real tiny trainings wrote.</summary>
public sealed class PlotCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string _runs = Path.Combine(Path.GetTempPath(), $"carla-drl-plot-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_runs))
        {
            Directory.Delete(_runs, recursive: true);
        }
    }

    [Fact]
    public void Two_trained_seeds_plot_to_a_png_of_the_asked_size_and_a_non_run_directory_fails_naming_it()
    {
        foreach (int seed in new[] { 1, 2 })
        {
            ProcessResult train = ChildProcess.RunCli(Timeout, [
                "train", .. TrainCommandTests.Tiny, "--set", $"run.runs_dir={_runs}", "--name", $"seed{seed}", "--set", $"run.seed={seed}",
                "--set", "run.total_timesteps=512", "--set", "run.eval_every=256", "--set", "run.eval_episodes=1",
            ]);
            Assert.True(train.ExitCode == 0, train.ToString());
        }

        string png = Path.Combine(_runs, "plots", "curves.png");
        ProcessResult plot = ChildProcess.RunCli(Timeout, "plot", Path.Combine(_runs, "seed1"), Path.Combine(_runs, "seed2"), "--out", png, "--width", "900", "--height", "700", "--smooth", "10", "--title", "two seeds");
        Assert.True(plot.ExitCode == 0, plot.ToString());
        Assert.Contains("5 panels, 2 runs", plot.StandardOutput, StringComparison.Ordinal);
        using (SKCodec codec = SKCodec.Create(png))
        {
            Assert.NotNull(codec);
            Assert.Equal(SKEncodedImageFormat.Png, codec.EncodedFormat);
            Assert.Equal((900, 700), (codec.Info.Width, codec.Info.Height));
        }

        string notARun = Path.Combine(_runs, "seed1", "checkpoints");
        ProcessResult rejected = ChildProcess.RunCli(Timeout, "plot", Path.Combine(_runs, "seed1"), notARun, "--out", Path.Combine(_runs, "never.png"));
        Assert.True(rejected.ExitCode == 2, rejected.ToString());
        Assert.Contains($"{notARun} is not a run directory", rejected.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_runs, "never.png")));
    }

    [Fact]
    public void An_unknown_metric_fails_listing_the_allowed_ones()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, "plot", Path.GetTempPath(), "--metrics", "reward,lap_time");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("'lap_time'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("reward,completion,success,collisions,sps", result.StandardError, StringComparison.Ordinal);
    }
}
