using System.Collections.Concurrent;
using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.Maps;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Training;

/// <summary>
/// Builds the envs of a run from its <see cref="TrainConfig"/>: the evaluation env with its held-out routes, and the
/// training envs (one embedded world or CARLA server each, held-out routes excluded) in a thread-parallel vector env.
/// </summary>
internal static class DrivingEnvFactory
{
    /// <summary>World seeds: training env i uses <c>seed·1000 + i</c>, evaluation <c>eval_seed</c>.</summary>
    public static EmbeddedWorld World(TrainConfig config, long worldSeed) =>
        new(config.World.ToWorldOptions(worldSeed));

    /// <summary>
    /// A driving env over the embedded world (seeded with <paramref name="worldSeed"/>) or, given a
    /// <paramref name="server"/> (carla://host:port or zmq://host:port), over that remote world with the town map of world.town/map_path.
    /// </summary>
    public static DrivingEnv Env(TrainConfig config, DrivingScenario scenario, long worldSeed, string? server, Action<string>? log = null)
    {
        if (server is null)
        {
            return new DrivingEnv(World(config, worldSeed), scenario, config.Env);
        }

        TownMap town = config.World.ToWorldOptions(worldSeed).ResolveTown();
        var world = Commands.RemoteWorlds.Create(server, log, TimeSpan.FromSeconds(config.World.HeartbeatTimeout), config.World.CurveKey, town.Name);
        return new DrivingEnv(world, scenario, config.Env, town);
    }

    /// <summary>
    /// The evaluation env (same town, traffic and weathers as training; on world.eval_server when set) and its held-out routes: run.eval_episodes
    /// distinct start→goal pairs of ≥ run.eval_min_route_meters m with ≥ 1 turn, drawn with run.eval_seed.
    /// </summary>
    public static (DrivingEnv Env, IReadOnlyList<(int Start, int Goal)> Routes) Evaluation(TrainConfig config, int? episodes = null, long? seed = null, Action<string>? log = null)
    {
        long evalSeed = seed ?? config.Run.EvalSeed;
        var env = Env(config, config.Scenario, evalSeed, config.World.EvalServer, log);
        try
        {
            env.Reset(evalSeed); // builds the route sampler from the world's scene
            var routes = DrivingEvaluation.HeldOutRoutes(env.Routes!, episodes ?? config.Run.EvalEpisodes, evalSeed, config.Run.EvalMinRouteMeters, Math.Max(1000, config.Run.EvalMinRouteMeters * 3), minTurns: 1);
            return (env, routes);
        }
        catch
        {
            env.Dispose();
            throw;
        }
    }

    /// <summary>run.num_envs training envs stepped in parallel threads; finished episodes go to <paramref name="episodes"/>.</summary>
    /// <remarks><paramref name="monitor"/> watches env 0 (the viewer).</remarks>
    public static ThreadedVectorEnv<DictObservation, NDArray<float>> Training(TrainConfig config, IReadOnlySet<(int Start, int Goal)> heldOut, ConcurrentQueue<EpisodeRecord> episodes, Action<string>? log = null, IDrivingEnvMonitor? monitor = null)
    {
        var scenario = config.Scenario with { ExcludedRoutes = heldOut };
        var factories = new List<Func<IEnv<DictObservation, NDArray<float>>>>();
        for (int i = 0; i < config.Run.NumEnvs; i++)
        {
            int index = i;
            factories.Add(() =>
            {
                string? server = config.World.UsesCarla ? config.World.Servers[index] : null;
                var driving = Env(config, scenario, unchecked((config.Run.Seed * 1000) + index), server, log is null ? null : message => log($"env {index} ({server}): {message}"));
                if (index == 0)
                {
                    driving.Monitor = monitor;
                }

                return new EpisodeRecorder(new RecordEpisodeStatistics<DictObservation, NDArray<float>>(driving), driving, index, episodes);
            });
        }

        return new ThreadedVectorEnv<DictObservation, NDArray<float>>(factories);
    }
}
