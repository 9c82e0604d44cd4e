using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CarlaDrl.Cli.Training;
using CarlaDrl.Cli.Viewer;
using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Spaces;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Learning;
using CarlaDrl.Learning.Algorithms;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl evaluate</c>: a checkpoint's deterministic policy on held-out routes (those its run never trained
/// on) with its run's town, traffic and weathers; the autopilot and a uniformly random policy on the same routes
/// and seeds as baselines.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint to evaluate (e.g. runs/ppo_town01/checkpoints/best.zip).", Required = true };
        var episodes = new Option<int?>("--episodes") { Description = "Held-out routes to drive (default: the run's run.eval_episodes)." };
        var seed = new Option<long?>("--seed") { Description = "Seed of the held-out routes and episodes (default: the run's run.eval_seed, whose routes training excluded)." };
        var set = new Option<string[]>("--set") { Description = "Change the run's config for this evaluation, e.g. --set scenario.number_of_vehicles=20 --set scenario.weathers=[3]." };
        var noBaselines = new Option<bool>("--no-baselines") { Description = "Skip the autopilot and random baselines." };
        var json = new Option<string?>("--json") { Description = "Also write the reports (per episode) as JSON to this file." };
        var world = new Option<string?>("--world") { Description = "Where to drive: embedded, a CARLA 0.8.4 server carla://host:port, or a bridge worker zmq://host:port (default: the run's world.eval_server when it trained on remote worlds, else embedded)." };
        var view = new Option<bool>("--view") { Description = "Watch the episodes in the real-time viewer (camera, bird's-eye map, reward terms, action); keys q close it, p pause, s screenshot." };
        var record = new Option<string?>("--record") { Description = "Write the policy's episodes as a video (the viewer's frames): out.mp4 (mp4v) or out.avi (MJPG)." };
        var command = new Command("evaluate", "Evaluate a trained policy on held-out routes: route completion, success, collisions and infractions per km, mean speed; autopilot and random baselines.");
        foreach (Option option in new Option[] { checkpoint, episodes, seed, set, noBaselines, json, world, view, record })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() => Run(result.GetValue(checkpoint)!, result.GetValue(episodes), result.GetValue(seed), result.GetValue(set) ?? [], !result.GetValue(noBaselines), result.GetValue(json), result.GetValue(world), result.GetValue(view), result.GetValue(record))));
        return command;
    }

    private static int Run(string checkpoint, int? episodes, long? seed, string[] assignments, bool baselines, string? jsonPath, string? world, bool view, string? record)
    {
        if (episodes is < 1 or > 1000)
        {
            throw new ArgumentException($"--episodes {episodes} is out of range; allowed: 1..1000.");
        }

        (TrainConfig config, _) = RunConfigLoader.FromCheckpoint(checkpoint, assignments);
        if (world is not null)
        {
            bool embedded = WorldSelector.IsEmbedded(world);
            if (!embedded && !RemoteWorlds.IsValid(world.Trim()))
            {
                throw new ArgumentException(WorldSelector.UnknownWorld(world));
            }

            config = config with { World = config.World with { EvalServer = embedded ? null : world.Trim() } };
        }

        string where = config.World.EvalServer ?? "the embedded world";
        int count = episodes ?? Math.Max(1, config.Run.EvalEpisodes);
        long evalSeed = seed ?? config.Run.EvalSeed;
        TorchRuntime.ConfigureThreads(config.Run.TorchThreads == 0 ? null : config.Run.TorchThreads);
        (DrivingEnv env, var routes) = DrivingEnvFactory.Evaluation(config, count, evalSeed, message => System.Console.Error.WriteLine($"carla: {message}"));
        using var vector = new SyncVectorEnv<DictObservation, NDArray<float>>([() => env]);
        using var ppo = new Ppo<DictObservation>(vector, config.Ppo with { NSteps = 2, BatchSize = 2 });
        ppo.Load(checkpoint);
        System.Console.WriteLine($"Evaluating {Path.GetFullPath(checkpoint)} (trained {ppo.NumTimesteps:N0} steps) on {routes.Count} held-out routes (seed {evalSeed}) in {config.World.Town} ({where}), {config.Scenario.NumberOfVehicles} vehicles, {config.Scenario.NumberOfPedestrians} pedestrians, weathers [{string.Join(", ", config.Scenario.Weathers)}].");
        using LiveViewer? viewer = view ? LiveViewer.TryOpen(Path.GetFullPath("screenshots"), System.Console.WriteLine) : null;
        string status = $"{Path.GetFileName(checkpoint)} ({ppo.NumTimesteps:N0} steps)";
        if (viewer is not null)
        {
            viewer.Status = status;
        }

        // Ctrl+C or SIGTERM stops at the next step: the video written so far is closed properly and stays playable.
        using var stop = new StopSignals();
        using CancellationTokenRegistration closeOnStop = stop.Token.Register(() => viewer?.Close());
        var reports = new List<EvaluationReport>();
        using (ViewRecorder? recorder = record is null ? null : new ViewRecorder(record, config.World.SimulationHz))
        {
            env.Monitor = Monitors.Combine(viewer?.Monitor("evaluate: ppo"), recorder?.Monitor("evaluate: ppo", () => status));
            try
            {
                reports.Add(DrivingEvaluation.Run(env, routes, observation => Stoppable(stop, () => ppo.Predict([observation], deterministic: true)[0]), evalSeed, "ppo (deterministic)"));
            }
            catch (OperationCanceledException)
            {
                System.Console.WriteLine(recorder is null ? "Interrupted; no report." : $"Interrupted; the video {recorder.Path} holds the {recorder.Frames} frames recorded so far.");
                return TrainCommand.Interrupted;
            }

            if (recorder is not null)
            {
                System.Console.WriteLine($"Video written to {recorder.Path} ({recorder.Frames} frames of {ViewComposer.FrameSize.Width}x{ViewComposer.FrameSize.Height} at {config.World.SimulationHz} fps).");
            }
        }

        if (baselines)
        {
            try
            {
                env.Monitor = viewer?.Monitor("evaluate: autopilot");
                reports.Add(DrivingEvaluation.Run(env, routes, _ => Stoppable(stop, env.AutopilotAction), evalSeed, "autopilot"));
                var random = (Box<float>)env.ActionSpace;
                random.Seed(evalSeed);
                env.Monitor = viewer?.Monitor("evaluate: random");
                reports.Add(DrivingEvaluation.Run(env, routes, _ => Stoppable(stop, random.Sample), evalSeed, "random"));
            }
            catch (OperationCanceledException)
            {
                System.Console.WriteLine("Interrupted during the baselines; reporting what finished.");
            }
        }

        env.Monitor = null;

        Print(reports);
        if (baselines && config.World.EvalServer is not null)
        {
            System.Console.WriteLine("Note: over the CARLA protocol the autopilot baseline is the server's own, which does not know the route (CARLA 0.8.4 has no call to give it one) and turns at random: its off-route endings are expected.");
        }

        if (jsonPath is not null)
        {
            File.WriteAllText(jsonPath, JsonSerializer.Serialize(new { checkpoint = Path.GetFullPath(checkpoint), steps = ppo.NumTimesteps, seed = evalSeed, town = config.World.Town, reports = reports.Select(Summary) }, JsonOptions));
            System.Console.WriteLine($"Reports written to {jsonPath}.");
        }

        return 0;
    }

    private static NDArray<float> Stoppable(StopSignals stop, Func<NDArray<float>> act)
    {
        stop.Token.ThrowIfCancellationRequested();
        return act();
    }

    internal static void Print(IReadOnlyList<EvaluationReport> reports)
    {
        System.Console.WriteLine("policy                 routes  completion  success  coll/off-road  off-route  timeout  collisions/km  off-road/km  other-lane/km  speed m/s  return");
        foreach (EvaluationReport r in reports)
        {
            System.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Policy,-22} {r.Episodes.Count,6}  {100 * r.RouteCompletion,9:0.0}%  {100 * r.SuccessRate,6:0.0}%  {100 * r.CollisionOrOffRoadRate,12:0.0}%  {100 * TrainingRun.Rate(r, TerminationReason.OffRoute),8:0.0}%  {100 * TrainingRun.Rate(r, TerminationReason.TimeLimit),6:0.0}%  {r.CollisionsPerKm,13:0.00}  {r.OffRoadPerKm,11:0.00}  {r.OtherLanePerKm,13:0.00}  {r.MeanSpeed,9:0.00}  {r.MeanReturn,6:0.0}"));
        }
    }

    private static object Summary(EvaluationReport r) => new
    {
        policy = r.Policy,
        route_completion = r.RouteCompletion,
        success_rate = r.SuccessRate,
        collision_or_off_road_rate = r.CollisionOrOffRoadRate,
        off_route_rate = TrainingRun.Rate(r, TerminationReason.OffRoute),
        timeout_rate = TrainingRun.Rate(r, TerminationReason.TimeLimit),
        collisions_per_km = r.CollisionsPerKm,
        off_road_per_km = r.OffRoadPerKm,
        other_lane_per_km = r.OtherLanePerKm,
        mean_speed = r.MeanSpeed,
        mean_return = r.MeanReturn,
        distance_km = r.DistanceKm,
        episodes = r.Episodes.Select(e => new { e.Start, e.Goal, reason = e.Reason.ToString(), e.Return, e.Steps, route_completion = e.Metrics.GetValueOrDefault("driving/route_completion") }),
    };

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}
