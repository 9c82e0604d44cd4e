using CarlaDrl.Driving.Tasks;
using CarlaDrl.Driving.World;
using CarlaDrl.Envs;

namespace CarlaDrl.Simulator.Tests.Tasks;

/// <summary>The driving task over the embedded world: the Gymnasium contract, routes, rewards and terminations.</summary>
public sealed class DrivingEnvTests
{
    private static DrivingEnv Create(DrivingScenario? scenario = null, DrivingEnvOptions? options = null) =>
        new(new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" }), scenario, options);

    /// <summary>The world's autopilot as an env action: [steer, throttle − brake].</summary>
    private static NDArray<float> Autopilot(EmbeddedWorld world)
    {
        VehicleControl c = world.ReadFrame().Measurements.PlayerMeasurements.AutopilotControl;
        return new NDArray<float>([2], [c.Steer, c.Throttle - c.Brake]);
    }

    [Fact]
    public void Passes_the_env_checker()
    {
        EnvCheckReport report = EnvChecker.Check(() => Create(new DrivingScenario { MinRouteMeters = 50, MaxRouteMeters = 300 }), steps: 30);
        Assert.Contains("reset-determinism", report.PassedChecks);
        Assert.Contains("step-determinism", report.PassedChecks);
        Assert.Contains("step-before-reset", report.PassedChecks);
    }

    [Fact]
    public void A_monitor_sees_every_reset_and_step_with_the_state_the_env_just_returned_and_changes_no_outcome()
    {
        static List<(int Steps, double Reward, double Return, float Steer, TerminationReason Reason, int Agents, byte Pixel, double Progress)> Drive(bool watched)
        {
            var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
            using var env = new DrivingEnv(world, new DrivingScenario { NumberOfVehicles = 5, NumberOfPedestrians = 5 });
            var seen = new List<(int, double, double, float, TerminationReason, int, byte, double)>();
            var monitor = new RecordingMonitor(e => seen.Add((e.EpisodeSteps, e.LastReward, e.EpisodeReturn, e.LastControl.Steer, e.LastReason,
                e.LastFrame!.Measurements.NonPlayerAgents.Count, e.Camera.Data[4000], e.Tracker!.Progress)));
            env.Monitor = watched ? monitor : null;
            var returned = new List<(int, double, double, float, TerminationReason, int, byte, double)>();
            env.Reset(seed: 5);
            returned.Add((0, 0, 0, 0, TerminationReason.None, 0, env.Camera.Data[4000], env.Tracker!.Progress));
            double total = 0;
            for (int i = 0; i < 40; i++)
            {
                var action = new NDArray<float>([2], [0.1f * (i % 3), 0.6f]);
                StepResult<DictObservation> step = env.Step(action);
                total += step.Reward;
                returned.Add((i + 1, step.Reward, total, Math.Clamp(action[0], -1, 1), TerminationReason.None, 0, step.Observation.Get<NDArray<byte>>(DrivingEnv.CameraKey).Data[4000], env.Tracker.Progress));
                if (step.Terminated || step.Truncated)
                {
                    break;
                }
            }

            if (!watched)
            {
                return returned;
            }

            Assert.Equal(returned.Count, seen.Count);
            for (int i = 0; i < seen.Count; i++)
            {
                var (steps, reward, ret, steer, _, _, pixel, progress) = returned[i];
                Assert.Equal(steps, seen[i].Item1);
                Assert.Equal(reward, seen[i].Item2, 12);
                Assert.Equal(ret, seen[i].Item3, 9);
                Assert.Equal(steer, seen[i].Item4);
                Assert.Equal(pixel, seen[i].Item7);
                Assert.Equal(progress, seen[i].Item8);
            }

            // The monitor asked for the traffic: 5 vehicles and 5 pedestrians (and the lights) come with every frame.
            Assert.All(seen, s => Assert.True(s.Item6 >= 10, $"{s.Item6} agents"));
            return returned;
        }

        var plain = Drive(watched: false);
        var watched = Drive(watched: true);
        Assert.Equal(plain.Select(r => (r.Steps, r.Reward, r.Pixel, r.Progress)), watched.Select(r => (r.Steps, r.Reward, r.Pixel, r.Progress)));
    }

    private sealed class RecordingMonitor(Action<DrivingEnv> observe) : IDrivingEnvMonitor
    {
        public bool WantsAgents => true;

        public void Observe(DrivingEnv env) => observe(env);
    }

    [Fact]
    public void Observations_hold_the_camera_and_the_route_state_inside_their_spaces()
    {
        using DrivingEnv env = Create();
        var (obs, info) = env.Reset(seed: 3);
        Assert.True(env.ObservationSpace.Contains(obs));
        Assert.Equal([64, 64, 3], obs.Get<NDArray<byte>>(DrivingEnv.CameraKey).Shape);
        Assert.Equal(env.Encoder.Elements.Count, obs.Get<NDArray<float>>(DrivingEnv.StateKey).Length);
        Assert.InRange(info.GetNumber("route_length"), 100, 400);
        Assert.True(obs.Get<NDArray<byte>>(DrivingEnv.CameraKey).Data.Any(b => b != 0), "the camera sees something");
    }

    [Fact]
    public void The_autopilot_completes_its_route_and_the_episode_reports_success()
    {
        var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
        using var env = new DrivingEnv(world, new DrivingScenario { MinRouteMeters = 150, MaxRouteMeters = 300, MinTurns = 1 });
        env.Reset(seed: 11);
        StepResult<DictObservation> step = default;
        double total = 0;
        for (int i = 0; i < 3000 && !(step.Terminated || step.Truncated); i++)
        {
            step = env.Step(Autopilot(world));
            total += step.Reward;
        }

        Assert.True(step.Terminated);
        Assert.Equal(TerminationReason.RouteCompleted, step.Info.Get<TerminationReason>(DrivingEnv.ReasonKey));
        var metrics = step.Info.Get<Dictionary<string, double>>(DrivingEnv.MetricsKey);
        Assert.Equal(1, metrics["driving/success"]);
        Assert.True(metrics["driving/route_completion"] > 0.98);
        Assert.True(total > 100, $"progress dominates a clean drive's reward (got {total})");
        Assert.InRange(metrics["reward/progress"], 0.9 * metrics["driving/route_length_m"], 1.05 * metrics["driving/route_length_m"]);
    }

    [Fact]
    public void Steering_hard_off_the_road_terminates_with_the_reason_and_the_failure_penalty()
    {
        using DrivingEnv env = Create();
        env.Reset(seed: 5);
        StepResult<DictObservation> step = default;
        for (int i = 0; i < 500 && !(step.Terminated || step.Truncated); i++)
        {
            step = env.Step(new NDArray<float>([2], [1f, 0.8f]));
        }

        Assert.True(step.Terminated);
        TerminationReason reason = step.Info.Get<TerminationReason>(DrivingEnv.ReasonKey);
        Assert.Contains(reason, new[] { TerminationReason.OffRoad, TerminationReason.OffRoute, TerminationReason.Collision });
        Assert.Equal(-10, step.Info.GetNumber("reward/failure"));
    }

    [Fact]
    public void Standing_still_ends_as_stuck_and_a_short_budget_truncates()
    {
        using (DrivingEnv env = Create(options: new DrivingEnvOptions { Termination = new TerminationRules { StuckSeconds = 3 } }))
        {
            env.Reset(seed: 1);
            StepResult<DictObservation> step = default;
            for (int i = 0; i < 100 && !(step.Terminated || step.Truncated); i++)
            {
                step = env.Step(new NDArray<float>([2], [0f, -1f]));
            }

            Assert.True(step.Terminated);
            Assert.Equal(TerminationReason.Stuck, step.Info.Get<TerminationReason>(DrivingEnv.ReasonKey));
        }

        using (DrivingEnv env = Create(options: new DrivingEnvOptions { Termination = new TerminationRules { TimeLimitFactor = 0.05, StuckSeconds = 1000 } }))
        {
            env.Reset(seed: 1);
            StepResult<DictObservation> step = default;
            for (int i = 0; i < 1000 && !(step.Terminated || step.Truncated); i++)
            {
                step = env.Step(new NDArray<float>([2], [0f, 0f]));
            }

            Assert.True(step.Truncated);
            Assert.False(step.Terminated);
            Assert.Equal(TerminationReason.TimeLimit, step.Info.Get<TerminationReason>(DrivingEnv.ReasonKey));
        }
    }

    [Theory]
    [InlineData("default", "reward/progress")]
    [InlineData("corl2017", "reward/goal_distance_km")]
    [InlineData("seed", "reward/speed_bonus")]
    public void Every_preset_logs_its_terms_and_they_sum_to_the_reward(string preset, string key)
    {
        using DrivingEnv env = Create(options: new DrivingEnvOptions { RewardPreset = preset });
        env.Reset(seed: 2);
        for (int i = 0; i < 20; i++)
        {
            StepResult<DictObservation> step = env.Step(new NDArray<float>([2], [0f, 0.7f]));
            Assert.True(step.Info.ContainsKey(key));
            double sum = env.Reward.Names.Sum(n => step.Info.GetNumber("reward/" + n));
            Assert.Equal(step.Reward, sum, 9);
        }
    }

    [Fact]
    public void Bad_config_names_the_key()
    {
        var unknownPreset = Assert.Throws<ArgumentException>(() => new DrivingEnvOptions { RewardPreset = "fast" }.Validate());
        Assert.Contains("env.reward_preset = 'fast'", unknownPreset.Message, StringComparison.Ordinal);
        var unknownTerm = Assert.Throws<ArgumentException>(() => new DrivingEnvOptions { RewardWeights = new Dictionary<string, double> { ["speeed"] = 1 } }.Validate());
        Assert.Contains("env.reward_weights.speeed", unknownTerm.Message, StringComparison.Ordinal);
        var badWeather = Assert.Throws<InvalidSettingsException>(() => new DrivingScenario { Weathers = [20] }.Validate());
        Assert.Contains("scenario.weathers", badWeather.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_seed_same_actions_same_observation_bytes()
    {
        static byte[] Run()
        {
            using DrivingEnv env = Create(new DrivingScenario { NumberOfVehicles = 10, NumberOfPedestrians = 10 });
            var bytes = new List<byte>();
            var (obs, _) = env.Reset(seed: 9);
            var rng = new Rng(4UL);
            for (int i = 0; i < 200; i++)
            {
                bytes.AddRange(obs.Get<NDArray<byte>>(DrivingEnv.CameraKey).Data);
                bytes.AddRange(obs.Get<NDArray<float>>(DrivingEnv.StateKey).Data.SelectMany(BitConverter.GetBytes));
                var step = env.Step(new NDArray<float>([2], [(float)rng.Uniform(-0.3, 0.3), (float)rng.Uniform(0, 1)]));
                obs = step.Observation;
                if (step.Terminated || step.Truncated)
                {
                    (obs, _) = env.Reset();
                }
            }

            return [.. bytes];
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void Evaluation_on_held_out_routes_ranks_the_autopilot_above_a_random_policy()
    {
        using DrivingEnv env = Create();
        env.Reset(seed: 0);
        var routes = CarlaDrl.Driving.Evaluation.DrivingEvaluation.HeldOutRoutes(env.Routes!, 3, seed: 1234);
        Assert.Equal(3, routes.Distinct().Count());
        Assert.All(routes, r => Assert.True(env.Routes!.Plan(r.Start, r.Goal)!.Length >= 200));
        var autopilot = CarlaDrl.Driving.Evaluation.DrivingEvaluation.Run(env, routes, _ => env.AutopilotAction(), 7, "autopilot");
        var rng = new Rng(3UL);
        var random = CarlaDrl.Driving.Evaluation.DrivingEvaluation.Run(env, routes, _ => new NDArray<float>([2], [(float)rng.Uniform(-1, 1), (float)rng.Uniform(-1, 1)]), 7, "random");
        Assert.Equal(1.0, autopilot.SuccessRate);
        Assert.True(autopilot.RouteCompletion > 0.98);
        Assert.True(random.RouteCompletion < 0.2, $"random completion {random.RouteCompletion}");
        Assert.True(autopilot.MeanSpeed > 3);
    }
}
