using CarlaDrl.Envs;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Checkpoints;
using CarlaDrl.Learning.Metrics;
using CarlaDrl.TestKit;

namespace CarlaDrl.Learning.Tests;

/// <summary>The example of docs/learning.md, on the TestKit's CountingEnv, so that the documentation stays true.</summary>
public sealed class UsageExampleTests : IDisposable
{
    private readonly string _run = Path.Combine(Path.GetTempPath(), "carladrl-run-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_run))
        {
            Directory.Delete(_run, recursive: true);
        }
    }

    [Fact]
    public void The_documented_training_loop_trains_logs_checkpoints_and_resumes()
    {
        Assert.True(Train(totalTimesteps: 4 * 48, interruptAfter: 2));  // interrupted: saves interrupted.zip
        Assert.True(Train(totalTimesteps: 4 * 48, interruptAfter: null)); // resumes from the last periodic checkpoint

        var manager = new CheckpointManager(Path.Combine(_run, "checkpoints"));
        Assert.Equal(192, PpoCheckpoint.ReadInfo(Path.Combine(manager.Directory, "final.zip")).NumTimesteps);
        Assert.True(File.Exists(Path.Combine(manager.Directory, "interrupted.zip")));
        Assert.Equal(2, Directory.GetFiles(_run, "events.out.tfevents.*").Length);
    }

    private bool Train(long totalTimesteps, int? interruptAfter)
    {
        // --- as in docs/learning.md ---
        TorchRuntime.ConfigureThreads();
        using var env = new ThreadedVectorEnv<DictObservation, NDArray<float>>(
            [.. Enumerable.Range(0, 3).Select(_ => (Func<IEnv<DictObservation, NDArray<float>>>)(
                () => new RecordEpisodeStatistics<DictObservation, NDArray<float>>(new CountingEnv())))]);
        var checkpoints = new CheckpointManager(Path.Combine(_run, "checkpoints"), keepLast: 3);
        string? resume = checkpoints.Latest();
        var config = resume is null ? PpoTests.SmallDictConfig : PpoCheckpoint.ReadInfo(resume).Config;
        using var metrics = new CompositeSink(new TensorBoardSink(_run), new CsvSink(Path.Combine(_run, "progress.csv")));
        using var ppo = new Ppo<DictObservation>(env, config, metrics);
        if (resume is not null)
        {
            ppo.Load(resume);
        }

        using var cancel = new CancellationTokenSource();
        bool finished = ppo.Learn(totalTimesteps, p =>
        {
            checkpoints.Save(p);
            if (p.Iterations == interruptAfter)
            {
                cancel.Cancel(); // what Ctrl+C does in the CLI
            }
        }, cancel.Token);
        ppo.Save(Path.Combine(checkpoints.Directory, finished ? "final.zip" : "interrupted.zip"));
        // --- end ---
        return interruptAfter is null ? finished : !finished;
    }
}
