using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;

namespace CarlaDrl.Driving.Evaluation;

/// <summary>
/// Runs a policy on fixed start→goal routes of a <see cref="DrivingEnv"/> and reports route completion, success,
/// collisions, off-road and other-lane infractions per km (CoRL2017 thresholds: off-road &gt; 0.3, other lane &gt; 0.4)
/// and mean speed. Routes are held out from training by drawing them from their own seed.
/// </summary>
public static class DrivingEvaluation
{
    /// <summary>
    /// <paramref name="count"/> distinct routes of at least <paramref name="minMeters"/> m with at least
    /// <paramref name="minTurns"/> turns, drawn with <paramref name="seed"/> from the env's scene.
    /// </summary>
    public static IReadOnlyList<(int Start, int Goal)> HeldOutRoutes(RouteSampler sampler, int count, long seed, double minMeters = 200, double maxMeters = 1000, int minTurns = 1)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        var rng = new Rng(seed);
        var routes = new List<(int, int)>();
        var seen = new HashSet<(int, int)>();
        while (routes.Count < count)
        {
            (int start, int goal, _) = sampler.Sample(rng, minMeters, maxMeters, minTurns);
            if (seen.Add((start, goal)))
            {
                routes.Add((start, goal));
            }
        }

        return routes;
    }

    /// <summary>Episodes cut by a lost world connection that one evaluation retries before giving up.</summary>
    public const int MaxConnectionLosses = 5;

    /// <summary>
    /// Runs one episode per route with <paramref name="policy"/> and aggregates. An episode cut by a lost world
    /// connection is driven again (same route, same seed), at most <see cref="MaxConnectionLosses"/> times per call.
    /// </summary>
    public static EvaluationReport Run(DrivingEnv env, IReadOnlyList<(int Start, int Goal)> routes, Func<DictObservation, NDArray<float>> policy, long seed, string name)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(policy);
        var episodes = new List<EvaluationEpisode>();
        int lost = 0;
        for (int i = 0; i < routes.Count; i++)
        {
            (int start, int goal) = routes[i];
            var options = new Dictionary<string, object> { ["start"] = start, ["goal"] = goal };
            (DictObservation observation, _) = env.Reset(seed + i, options);
            double reward = 0;
            int steps = 0;
            while (true)
            {
                StepResult<DictObservation> step = env.Step(policy(observation));
                reward += step.Reward;
                steps++;
                observation = step.Observation;
                if (step.Truncated && step.Info.Get<TerminationReason>(DrivingEnv.ReasonKey) == TerminationReason.ConnectionLost)
                {
                    // Not the policy's doing: drive the same route again from its start (a few times at most).
                    if (++lost > MaxConnectionLosses)
                    {
                        throw new WorldConnectionLostException($"The world lost its connection {lost} times during the evaluation '{name}'; last: {step.Info.Get<string>("connection_lost")}");
                    }

                    i--;
                    break;
                }

                if (step.Terminated || step.Truncated)
                {
                    var metrics = step.Info.Get<Dictionary<string, double>>(DrivingEnv.MetricsKey);
                    episodes.Add(new EvaluationEpisode(start, goal, step.Info.Get<TerminationReason>(DrivingEnv.ReasonKey), reward, steps, new Dictionary<string, double>(metrics)));
                    break;
                }
            }
        }

        return new EvaluationReport(name, episodes);
    }
}
