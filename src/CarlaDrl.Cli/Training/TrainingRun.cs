using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CarlaDrl.Cli.Viewer;
using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Learning;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Checkpoints;
using CarlaDrl.Learning.Metrics;

namespace CarlaDrl.Cli.Training;

/// <summary>
/// One training run in <c>runs/&lt;name&gt;/</c>: <c>config.yaml</c> (what was asked), <c>config.resolved.json</c>
/// (every value in force), <c>tensorboard/</c> event files, <c>metrics.csv</c>, <c>episodes.csv</c>,
/// <c>evaluations.csv</c>, <c>checkpoints/</c> (every run.checkpoint_every steps keeping the last K,
/// <c>best.zip</c> by evaluation, and one on Ctrl+C/SIGTERM) and, with run.record_every, <c>videos/</c>. After every periodic checkpoint the envs restart their
/// episodes with seed <c>seed + steps</c>, exactly as a run resumed from that checkpoint does, so resuming continues
/// the very same curve.
/// </summary>
internal sealed class TrainingRun : IDisposable
{
    public const string ConfigFile = "config.yaml";
    public const string ConfigAttachment = "config.yaml";
    public const string BestCheckpoint = "best.zip";

    private readonly TrainConfig _config;
    private readonly ITrainingProgress _progress;
    private readonly ConcurrentQueue<EpisodeRecord> _finished = new();
    private readonly List<IDisposable> _owned = [];
    private readonly DrivingEnv? _evalEnv;
    private readonly IReadOnlyList<(int Start, int Goal)> _evalRoutes = [];
    private readonly ThreadedVectorEnv<DictObservation, NDArray<float>> _envs;
    private readonly CompositeSink _metrics;
    private readonly EpisodeCsv _episodes;
    private readonly StreamWriter _evaluations;
    private readonly CheckpointManager _checkpoints;
    private (double Success, double Completion)? _bestScore;
    private EvaluationReport? _lastEvaluation;
    private long _lastEvaluationStep;
    private readonly LiveViewer? _viewer;

    /// <summary>Sets up the run directory, envs, learner and logs; <paramref name="viewer"/> (<c>--view</c>) shows training env 0 and the evaluations.</summary>
    public TrainingRun(TrainConfig config, string directory, string configYaml, string? resumeFrom, ITrainingProgress progress, LiveViewer? viewer = null)
    {
        _config = config;
        _progress = progress;
        _viewer = viewer;
        Directory = Path.GetFullPath(directory);
        System.IO.Directory.CreateDirectory(Directory);
        try
        {
            if (resumeFrom is null)
            {
                File.WriteAllText(Path.Combine(Directory, ConfigFile), configYaml);
            }

            File.WriteAllText(Path.Combine(Directory, "config.resolved.json"), ResolvedJson(config));
            int threads = TorchRuntime.ConfigureThreads(config.Run.TorchThreads == 0 ? null : config.Run.TorchThreads);
            progress.Message($"Run directory {Directory}; {config.Run.NumEnvs} envs in {config.World.Town}, {config.Scenario.NumberOfVehicles} vehicles, {config.Scenario.NumberOfPedestrians} pedestrians, weathers [{string.Join(", ", config.Scenario.Weathers)}]; torch threads {threads}; seed {config.Run.Seed}.");
            if (config.Run.EvalEpisodes > 0)
            {
                (_evalEnv, _evalRoutes) = DrivingEnvFactory.Evaluation(config, log: message => progress.Message($"eval env ({config.World.EvalServer}): {message}"));
                _owned.Add(_evalEnv);
                _evalEnv.Monitor = viewer?.Monitor("evaluation");
            }

            _envs = DrivingEnvFactory.Training(config, _evalRoutes.ToHashSet(), _finished, progress.Message, viewer?.Monitor("train env 0"));
            _owned.Add(_envs);
            _metrics = new CompositeSink(new TensorBoardSink(Path.Combine(Directory, "tensorboard")), new CsvSink(Path.Combine(Directory, "metrics.csv")));
            _owned.Add(_metrics);
            Ppo = new Ppo<DictObservation>(_envs, config.Ppo, _metrics);
            _owned.Add(Ppo);
            Ppo.Attachments[ConfigAttachment] = Encoding.UTF8.GetBytes(configYaml);
            _checkpoints = new CheckpointManager(Path.Combine(Directory, "checkpoints"), config.Run.KeepCheckpoints);
            if (resumeFrom is not null)
            {
                Ppo.Load(resumeFrom);
                Ppo.Attachments[ConfigAttachment] = Encoding.UTF8.GetBytes(configYaml);
                _bestScore = ReadBestScore();
                progress.Message($"Resumed from {resumeFrom} at step {Ppo.NumTimesteps:N0} ({Ppo.Episodes.TotalEpisodes:N0} episodes).");
            }

            var rewardKeys = RewardPresets.Create(config.Env.RewardPreset, config.Env.RewardWeights).LogKeys;
            _episodes = new EpisodeCsv(Path.Combine(Directory, "episodes.csv"), rewardKeys);
            _owned.Add(_episodes);
            string evaluationsPath = Path.Combine(Directory, "evaluations.csv");
            bool newEvaluations = !File.Exists(evaluationsPath);
            _evaluations = new StreamWriter(new FileStream(evaluationsPath, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
            _owned.Add(_evaluations);
            if (newEvaluations)
            {
                _evaluations.WriteLine("wall_time,step,episodes,route_completion,success_rate,collision_or_off_road_rate,off_route_rate,timeout_rate,collisions_per_km,off_road_per_km,other_lane_per_km,mean_speed,mean_return");
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Directory { get; }

    public Ppo<DictObservation> Ppo { get; } = null!;

    public string CheckpointDirectory => _checkpoints.Directory;

    /// <summary>Trains to run.total_timesteps. True when it got there; false when cancelled (a checkpoint is saved either way).</summary>
    public bool Train(CancellationToken cancellation)
    {
        long total = _config.Run.TotalTimesteps;
        Ppo.TotalTimesteps = total;
        long every = _config.Run.CheckpointEvery, evalEvery = _config.Run.EvalEvery;
        long nextCheckpoint = ((Ppo.NumTimesteps / every) + 1) * every;
        long nextEval = evalEvery > 0 ? ((Ppo.NumTimesteps / evalEvery) + 1) * evalEvery : long.MaxValue;
        long recordEvery = _config.Run.RecordEvery;
        long nextRecord = recordEvery > 0 ? ((Ppo.NumTimesteps / recordEvery) + 1) * recordEvery : long.MaxValue;
        long startSteps = Ppo.NumTimesteps;
        var clock = Stopwatch.StartNew();
        bool completed = true;
        long discarded = Ppo.DiscardedTransitions;
        while (Ppo.NumTimesteps < total)
        {
            if (!Ppo.CollectRollout(cancellation))
            {
                completed = false;
                break;
            }

            if (Ppo.DiscardedTransitions > discarded)
            {
                _progress.Message($"discarded {Ppo.DiscardedTransitions - discarded} transition(s) cut by a lost world connection this rollout: not trained on, episodes not counted.");
                discarded = Ppo.DiscardedTransitions;
            }

            Ppo.Update();
            DrainEpisodes();
            double rss = Environment.WorkingSet / (1024.0 * 1024.0);
            _metrics.Scalar("system/rss_mb", rss, Ppo.NumTimesteps);
            _metrics.Scalar("system/managed_mb", GC.GetTotalMemory(false) / (1024.0 * 1024.0), Ppo.NumTimesteps);
            if (Ppo.NumTimesteps >= nextEval && Ppo.NumTimesteps < total)
            {
                Evaluate();
                nextEval = ((Ppo.NumTimesteps / evalEvery) + 1) * evalEvery;
            }

            if (Ppo.NumTimesteps >= nextRecord && Ppo.NumTimesteps < total)
            {
                RecordVideo();
                nextRecord = ((Ppo.NumTimesteps / recordEvery) + 1) * recordEvery;
            }

            if (Ppo.NumTimesteps >= nextCheckpoint && Ppo.NumTimesteps < total)
            {
                SaveCheckpoint();
                nextCheckpoint = ((Ppo.NumTimesteps / every) + 1) * every;
            }

            _metrics.Flush();
            TrainingStatus status = Status(clock.Elapsed, Ppo.NumTimesteps - startSteps, rss);
            _progress.Iteration(status);
            if (_viewer is not null)
            {
                _viewer.Status = string.Create(CultureInfo.InvariantCulture, $"step {status.Steps:N0}/{status.TotalSteps:N0}  {status.StepsPerSecond:0} SPS");
            }
        }

        if (completed)
        {
            Evaluate();
            if (recordEvery > 0)
            {
                RecordVideo();
            }

            string path = SaveCheckpoint();
            _progress.Message($"Finished {Ppo.NumTimesteps:N0} steps in {clock.Elapsed:hh\\:mm\\:ss}; final checkpoint {path}.");
        }
        else
        {
            string path = SaveCheckpoint();
            _progress.Message($"Interrupted at step {Ppo.NumTimesteps:N0} (the partial rollout was dropped); checkpoint {path}. Continue with: carla-drl train --resume {Directory}");
        }

        _metrics.Flush();
        return completed;
    }

    /// <summary>Runs the deterministic policy on the held-out routes, logs eval/*, keeps best.zip.</summary>
    public EvaluationReport? Evaluate()
    {
        if (_evalEnv is null)
        {
            return null;
        }

        EvaluationReport report;
        long step = Ppo.NumTimesteps;
        try
        {
            report = DrivingEvaluation.Run(_evalEnv, _evalRoutes, Deterministic, _config.Run.EvalSeed, "ppo");
        }
        catch (WorldConnectionLostException e)
        {
            // The evaluation world is down (a bridge worker being restarted): training goes on; the next evaluation tries again.
            _progress.Message($"eval @ {step:N0} skipped: {e.Message}");
            return null;
        }

        void Log(string key, double value) => _metrics.Scalar("eval/" + key, value, step);
        Log("route_completion", report.RouteCompletion);
        Log("success_rate", report.SuccessRate);
        Log("collision_or_off_road_rate", report.CollisionOrOffRoadRate);
        Log("collisions_per_km", report.CollisionsPerKm);
        Log("off_road_per_km", report.OffRoadPerKm);
        Log("other_lane_per_km", report.OtherLanePerKm);
        Log("mean_speed", report.MeanSpeed);
        Log("mean_return", report.MeanReturn);
        _evaluations.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:0.000},{step},{report.Episodes.Count},{report.RouteCompletion:R},{report.SuccessRate:R},{report.CollisionOrOffRoadRate:R},{Rate(report, TerminationReason.OffRoute):R},{Rate(report, TerminationReason.TimeLimit):R},{report.CollisionsPerKm:R},{report.OffRoadPerKm:R},{report.OtherLanePerKm:R},{report.MeanSpeed:R},{report.MeanReturn:R}"));
        _evaluations.Flush();
        var score = (report.SuccessRate, report.RouteCompletion);
        bool best = _bestScore is null || score.CompareTo(_bestScore.Value) > 0;
        if (best)
        {
            _bestScore = score;
            Ppo.Save(Path.Combine(_checkpoints.Directory, BestCheckpoint));
        }

        (_lastEvaluation, _lastEvaluationStep) = (report, step);
        _progress.Evaluated(report, step, best);
        return report;
    }

    /// <summary>
    /// Drives the first held-out route with the deterministic policy (the evaluation world and seed, so videos of
    /// different steps show the same route) and writes every frame to <c>videos/step_N.mp4</c>.
    /// </summary>
    public string? RecordVideo()
    {
        if (_evalEnv is null || _evalRoutes.Count == 0)
        {
            return null;
        }

        long step = Ppo.NumTimesteps;
        string path = Path.Combine(Directory, "videos", string.Create(CultureInfo.InvariantCulture, $"step_{step:D12}.mp4"));
        IDrivingEnvMonitor? previous = _evalEnv.Monitor;
        EvaluationReport report;
        int frames;
        using (var recorder = new ViewRecorder(path, _config.World.SimulationHz))
        {
            string status = string.Create(CultureInfo.InvariantCulture, $"video at step {step:N0}");
            _evalEnv.Monitor = Monitors.Combine(previous, recorder.Monitor("evaluation (video)", () => status));
            try
            {
                report = DrivingEvaluation.Run(_evalEnv, [_evalRoutes[0]], Deterministic, _config.Run.EvalSeed, "video");
            }
            catch (WorldConnectionLostException e)
            {
                _progress.Message($"video @ {step:N0} skipped: {e.Message}");
                return null;
            }
            finally
            {
                _evalEnv.Monitor = previous;
            }

            frames = recorder.Frames;
        }

        EvaluationEpisode episode = report.Episodes[0];
        _progress.Message(string.Create(CultureInfo.InvariantCulture,
            $"video @ {step:N0}: {path} ({frames} frames; route {episode.Start}→{episode.Goal}, {episode.Reason}, completion {100 * episode.Metrics.GetValueOrDefault("driving/route_completion"):0}%)"));
        return path;
    }

    /// <summary>The policy as evaluations and videos drive it: the Gaussian's mean.</summary>
    private NDArray<float> Deterministic(DictObservation observation) => Ppo.Predict([observation], deterministic: true)[0];

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    internal static double Rate(EvaluationReport report, TerminationReason reason) =>
        report.Episodes.Count == 0 ? 0 : report.Episodes.Count(e => e.Reason == reason) / (double)report.Episodes.Count;

    private string SaveCheckpoint()
    {
        string path = _checkpoints.Save(Ppo);
        Ppo.RequestReset(); // the straight run restarts its episodes here exactly as a resumed one will
        return path;
    }

    private void DrainEpisodes()
    {
        long number = Ppo.Episodes.TotalEpisodes - _finished.Count;
        while (_finished.TryDequeue(out EpisodeRecord? episode))
        {
            _episodes.Write(episode, Ppo.NumTimesteps, ++number);
        }

        _episodes.Flush();
    }

    private TrainingStatus Status(TimeSpan elapsed, long stepsThisProcess, double rss)
    {
        var means = Ppo.Episodes.RolloutMetricMeans;
        return new TrainingStatus(
            Ppo.NumTimesteps, _config.Run.TotalTimesteps, stepsThisProcess / Math.Max(1e-9, elapsed.TotalSeconds),
            Ppo.Episodes.TotalEpisodes, Ppo.Episodes.MeanReturn, Ppo.Episodes.MeanLength,
            means.TryGetValue("driving/route_completion", out double completion) ? completion : null,
            means.TryGetValue("driving/success", out double success) ? success : null,
            rss, elapsed, _lastEvaluation, _lastEvaluationStep);
    }

    private (double, double)? ReadBestScore()
    {
        string path = Path.Combine(Directory, "evaluations.csv");
        if (!File.Exists(path))
        {
            return null;
        }

        (double, double)? best = null;
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] cells = line.Split(',');
            if (cells.Length > 4 && double.TryParse(cells[4], CultureInfo.InvariantCulture, out double success) && double.TryParse(cells[3], CultureInfo.InvariantCulture, out double completion)
                && (best is null || (success, completion).CompareTo(best.Value) > 0))
            {
                best = (success, completion);
            }
        }

        return best;
    }

    private static string ResolvedJson(TrainConfig config) => JsonSerializer.Serialize(
        new Dictionary<string, object>
        {
            ["run"] = config.Run,
            ["world"] = config.World,
            ["scenario"] = new
            {
                config.Scenario.Weathers, config.Scenario.NumberOfVehicles, config.Scenario.NumberOfPedestrians,
                config.Scenario.MinRouteMeters, config.Scenario.MaxRouteMeters, config.Scenario.MinTurns, QualityLevel = config.Scenario.QualityLevel.ToString(),
            },
            ["env"] = config.Env,
            ["ppo"] = config.Ppo,
        },
        JsonOptions);

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
