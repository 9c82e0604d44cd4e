using CarlaDrl.Cli.Config;
using CarlaDrl.Cli.Training;
using CarlaDrl.TestKit;

namespace CarlaDrl.Cli.Tests;

/// <summary>The train config: YAML + --set bound onto the records, and errors that name the key.</summary>
public sealed class TrainConfigTests
{
    private static TrainConfig Bind(params string[] assignments) => RunConfigLoader.Load([], assignments).Config;

    private static string Error(params string[] assignments) => Assert.Throws<ConfigException>(() => Bind(assignments)).Message;

    [Fact]
    public void The_shipped_ppo_town01_yaml_equals_the_built_in_defaults()
    {
        string path = Path.Combine(RepositoryPaths.Root, "configs", "ppo_town01.yaml");
        (_, TrainConfig fromFile, _) = RunConfigLoader.Load([path], []);
        TrainConfig defaults = Bind();
        Assert.Equal(defaults.Run, fromFile.Run);
        Assert.Equal(defaults.World, fromFile.World);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(defaults.Ppo), System.Text.Json.JsonSerializer.Serialize(fromFile.Ppo));
        Assert.Equal(defaults.Scenario.Weathers, fromFile.Scenario.Weathers);
        Assert.Equal((defaults.Scenario.NumberOfVehicles, defaults.Scenario.NumberOfPedestrians, defaults.Scenario.MinRouteMeters, defaults.Scenario.MaxRouteMeters),
            (fromFile.Scenario.NumberOfVehicles, fromFile.Scenario.NumberOfPedestrians, fromFile.Scenario.MinRouteMeters, fromFile.Scenario.MaxRouteMeters));
        Assert.Equal((defaults.Env.Encoder, defaults.Env.RewardPreset, defaults.Env.CameraWidth, defaults.Env.TargetSpeed), (fromFile.Env.Encoder, fromFile.Env.RewardPreset, fromFile.Env.CameraWidth, fromFile.Env.TargetSpeed));
    }

    [Fact]
    public void The_defaults_are_the_seed_ppo_hyperparameters_on_town01_without_traffic()
    {
        TrainConfig c = Bind();
        Assert.Equal((3e-4, 1024, 64, 10, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5), (c.Ppo.LearningRate, c.Ppo.NSteps, c.Ppo.BatchSize, c.Ppo.NEpochs, c.Ppo.Gamma, c.Ppo.GaeLambda, c.Ppo.ClipRange, c.Ppo.EntCoef, c.Ppo.VfCoef, c.Ppo.MaxGradNorm));
        Assert.Equal(("Town01", 0, 0), (c.World.Town, c.Scenario.NumberOfVehicles, c.Scenario.NumberOfPedestrians));
        Assert.Equal([1], c.Scenario.Weathers);
        Assert.Equal(500_000, c.Run.TotalTimesteps);
        Assert.True(c.Ppo.LinearLrSchedule, "the main job anneals the learning rate (docs/design-notes.md)");
        Assert.False(c.World.UsesCarla);
    }

    [Fact]
    public void The_world_option_lists_carla_servers_one_per_env_and_evaluations_need_their_own()
    {
        TrainConfig c = Bind([.. Commands.TrainCommand.WorldAssignments("carla://127.0.0.1:2000, carla://10.0.0.2:2010"), "run.num_envs=2", "world.eval_server=carla://127.0.0.1:2100"]);
        Assert.Equal(["carla://127.0.0.1:2000", "carla://10.0.0.2:2010"], c.World.Servers);
        Assert.Equal("carla://127.0.0.1:2100", c.World.EvalServer);
        Assert.True(c.World.UsesCarla);
        Assert.False(Bind([.. Commands.TrainCommand.WorldAssignments("embedded")]).World.UsesCarla);

        Assert.Contains("lists 1 remote world(s) but run.num_envs = 4", Error([.. Commands.TrainCommand.WorldAssignments("carla://127.0.0.1:2000"), "run.eval_episodes=0"]), StringComparison.Ordinal);
        Assert.Contains("needs world.eval_server", Error([.. Commands.TrainCommand.WorldAssignments("carla://127.0.0.1:2000"), "run.num_envs=1"]), StringComparison.Ordinal);
        Assert.Contains("name a server twice", Error("world.servers=[carla://h:2000, carla://h:2000]", "run.num_envs=2", "run.eval_episodes=0"), StringComparison.Ordinal);
        Assert.Contains("'world.eval_server'", Error("world.eval_server=carla://h:2100"), StringComparison.Ordinal);
        Assert.Contains("'world.servers' has 'tcp://h:1'", Error("world.servers=[tcp://h:1]", "run.num_envs=1", "run.eval_episodes=0"), StringComparison.Ordinal);
        Assert.Contains("--world 'carla:/h'", Assert.Throws<ConfigException>(() => Commands.TrainCommand.WorldAssignments("carla:/h")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Set_overrides_nested_keys_lists_and_maps_and_run_seed_seeds_ppo()
    {
        TrainConfig c = Bind("ppo.learning_rate=1e-4", "run.seed=7", "scenario.weathers=[1, 3]", "env.reward_weights.progress=2", "env.termination.stuck_seconds=5", "ppo.policy.pi_layers=[32]");
        Assert.Equal(1e-4, c.Ppo.LearningRate);
        Assert.Equal(7, c.Ppo.Seed);
        Assert.Equal([1, 3], c.Scenario.Weathers);
        Assert.Equal(2, c.Env.RewardWeights["progress"]);
        Assert.Equal(5, c.Env.Termination.StuckSeconds);
        Assert.Equal([32], c.Ppo.Policy.PiLayers);
    }

    [Theory]
    [InlineData("ppo.learnng_rate=1", "'ppo.learnng_rate'")]
    [InlineData("ppo.learning_rate=-1", "'ppo.learning_rate'")]
    [InlineData("ppo.n_steps=abc", "'ppo.n_steps'")]
    [InlineData("ppo.seed=3", "'ppo.seed'")]
    [InlineData("trainer.x=1", "'trainer'")]
    [InlineData("run.num_envs=0", "'run.num_envs'")]
    [InlineData("world.town=Town99", "'world.town'")]
    [InlineData("scenario.weathers=[99]", "scenario.weathers")]
    [InlineData("scenario.number_of_vehicles=-1", "scenario.number_of_vehicles")]
    [InlineData("env.encoder=pixels", "env.encoder")]
    [InlineData("env.reward_preset=fast", "env.reward_preset")]
    [InlineData("env.reward_weights.speeed=1", "env.reward_weights.speeed")]
    [InlineData("env.termination.goal_meters=0", "env.termination.goal_meters")]
    [InlineData("ppo.batch_size=99999", "'ppo.batch_size'")]
    [InlineData("ppo.clip_range=0", "'ppo.clip_range'")]
    public void Bad_keys_and_values_fail_naming_the_key(string assignment, string named)
    {
        Assert.Contains(named, Error(assignment), StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_an_unknown_key_fails_naming_file_key_and_the_allowed_keys()
    {
        string path = Path.Combine(Path.GetTempPath(), $"carla-drl-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "ppo:\n  n_step: 128\n");
        try
        {
            string message = Assert.Throws<ConfigException>(() => RunConfigLoader.Load([path], [])).Message;
            Assert.Contains("'ppo.n_step'", message, StringComparison.Ordinal);
            Assert.Contains("n_steps", message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_run_yaml_reloads_to_the_same_config()
    {
        (_, TrainConfig first, string yaml) = RunConfigLoader.Load([], ["ppo.learning_rate=2.5e-4", "scenario.weathers=[1, 3]", "run.name=x"]);
        string path = Path.Combine(Path.GetTempPath(), $"carla-drl-run-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        try
        {
            (_, TrainConfig second, _) = RunConfigLoader.Load([path], []);
            Assert.Equal(first.Run, second.Run);
            Assert.Equal(first.Ppo.LearningRate, second.Ppo.LearningRate);
            Assert.Equal(first.Scenario.Weathers, second.Scenario.Weathers);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
