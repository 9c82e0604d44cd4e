using System.Collections.Concurrent;
using CarlaDrl.Driving.Evaluation;
using CarlaDrl.Driving.Tasks;
using CarlaDrl.Envs;
using CarlaDrl.Envs.Vector;
using CarlaDrl.Envs.Wrappers;
using CarlaDrl.Simulator;

namespace CarlaDrl.Cli.Training;

/// <summary>
/// Builds the envs of a run from its <see cref="TrainConfig"/>: the evaluation env with its held-out routes, and the
/// training envs (one embedded world each, held-out routes excluded) in a thread-parallel vector env.
/// </summary>
internal static class DrivingEnvFactory
{
    /// <summary>World seeds: training env i uses <c>seed·1000 + i</c>, evaluation <c>eval_seed</c>.</summary>
    public static EmbeddedWorld World(TrainConfig config, long worldSeed) =>
        new(config.World.ToWorldOptions(worldSeed));

    /// <summary>
    /// The evaluation env (same town, traffic and weathers as training) and its held-out routes: run.eval_episodes
    /// distinct start→goal pairs of ≥ run.eval_min_route_meters m with ≥ 1 turn, drawn with run.eval_seed.
    /// </summary>
    public static (DrivingEnv Env, IReadOnlyList<(int Start, int Goal)> Routes) Evaluation(TrainConfig config, int? episodes = null, long? seed = null)
    {
        long evalSeed = seed ?? config.Run.EvalSeed;
        var env = new DrivingEnv(World(config, evalSeed), config.Scenario, config.Env);
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

    /// <summary>The routes the training envs never draw: the held-out routes of the run's evaluation seed.</summary>
    public static IReadOnlySet<(int Start, int Goal)> HeldOutRoutes(TrainConfig config)
    {
        if (config.Run.EvalEpisodes == 0)
        {
            return new HashSet<(int, int)>();
        }

        (DrivingEnv env, var routes) = Evaluation(config);
        using (env)
        {
            return routes.ToHashSet();
        }
    }

    /// <summary>run.num_envs training envs stepped in parallel threads; finished episodes go to <paramref name="episodes"/>.</summary>
    public static ThreadedVectorEnv<DictObservation, NDArray<float>> Training(TrainConfig config, IReadOnlySet<(int Start, int Goal)> heldOut, ConcurrentQueue<EpisodeRecord> episodes)
    {
        var scenario = config.Scenario with { ExcludedRoutes = heldOut };
        var factories = new List<Func<IEnv<DictObservation, NDArray<float>>>>();
        for (int i = 0; i < config.Run.NumEnvs; i++)
        {
            int index = i;
            factories.Add(() =>
            {
                var driving = new DrivingEnv(World(config, unchecked((config.Run.Seed * 1000) + index)), scenario, config.Env);
                return new EpisodeRecorder(new RecordEpisodeStatistics<DictObservation, NDArray<float>>(driving), driving, index, episodes);
            });
        }

        return new ThreadedVectorEnv<DictObservation, NDArray<float>>(factories);
    }
}
