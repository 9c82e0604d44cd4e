using CarlaDrl.Envs.Spaces;
using CarlaDrl.Learning.Networks;
using CarlaDrl.Learning.Observations;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Tests;

public sealed class NetworkTests
{
    [Fact]
    public void The_seed_policy_has_447077_parameters_for_a_64x64_camera_and_a_6d_state()
    {
        var layout = ObservationLayout.FromSpace(TestSpaces.SeedObservation());
        using var policy = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Seed, seed: 42);

        Assert.Equal(447_077, policy.ParameterCount);
        Assert.Equal(1024, Assert.Single(policy.FeaturesExtractor.CnnOutputLengths));
        Assert.Equal(256, policy.FeaturesExtractor.FeaturesDim);
        long extractor = policy.FeaturesExtractor.parameters().Sum(p => p.numel());
        Assert.Equal(405_664, extractor); // seed-system.md §6 table
    }

    [Fact]
    public void Parameter_names_follow_SB3s_state_dict()
    {
        var layout = ObservationLayout.FromSpace(TestSpaces.SeedObservation());
        using var policy = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Seed, seed: 1);
        var names = policy.named_parameters().Select(p => p.name).ToList();

        Assert.Contains("log_std", names);
        Assert.Contains("features_extractor.cnn_camera.0.weight", names);
        Assert.Contains("features_extractor.linear.2.bias", names);
        Assert.Contains("mlp_extractor.policy_net.0.weight", names);
        Assert.Contains("mlp_extractor.value_net.2.weight", names);
        Assert.Contains("action_net.weight", names);
        Assert.Contains("value_net.bias", names);
    }

    [Fact]
    public void The_mlp_policy_matches_SB3s_MlpPolicy_size()
    {
        var layout = ObservationLayout.FromSpace(new Box<float>(-1f, 1f, 4));
        using var policy = ActorCriticPolicy.Create(layout, 1, PolicyConfig.Mlp, seed: 0);

        // pi and vf: 4→64→64 (320 + 4160 each); action head 65; value head 65; log_std 1.
        Assert.Equal((2 * (320 + 4160)) + 65 + 65 + 1, policy.ParameterCount);
    }

    [Fact]
    public void Orthogonal_init_uses_SB3s_gains_and_zero_biases()
    {
        var layout = ObservationLayout.FromSpace(TestSpaces.SeedObservation());
        using var policy = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Seed, seed: 3);
        var parameters = policy.named_parameters().ToDictionary(p => p.name, p => p.parameter);

        // An orthogonal W (rows ≤ cols) with gain g has W Wᵀ = g² I.
        AssertOrthogonal(parameters["action_net.weight"], 0.01);
        AssertOrthogonal(parameters["value_net.weight"], 1.0);
        AssertOrthogonal(parameters["mlp_extractor.policy_net.2.weight"], Math.Sqrt(2));
        AssertOrthogonal(parameters["features_extractor.linear.0.weight"], Math.Sqrt(2));
        AssertOrthogonal(parameters["features_extractor.cnn_camera.0.weight"].reshape(32, -1), Math.Sqrt(2));
        foreach (var (name, p) in parameters.Where(p => p.Key.EndsWith("bias", StringComparison.Ordinal)))
        {
            Assert.True(p.abs().max().item<float>() == 0f, name);
        }

        Assert.Equal(0f, parameters["log_std"].abs().max().item<float>());
    }

    [Fact]
    public void Initial_entropy_is_SB3s_2_838_nats_and_log_prob_is_the_gaussian_density()
    {
        var layout = ObservationLayout.FromSpace(new Box<float>(-1f, 1f, 3));
        using var policy = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Mlp, seed: 0);
        using var scope = NewDisposeScope();
        var observations = new ObservationTensors([], randn(5, 3));
        var actions = randn(5, 2);

        var (_, logProbs, entropy) = policy.Evaluate(observations, actions);
        var (mean, _) = policy.forward(observations);

        Assert.Equal(2 * (0.5 + (0.5 * Math.Log(2 * Math.PI))), entropy[0].item<float>(), 5); // 2.8379
        var expected = ((actions - mean).square() * -0.5).sum(-1) - Math.Log(2 * Math.PI);
        Assert.True(logProbs.allclose(expected, rtol: 1e-5, atol: 1e-5));
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_different_ones()
    {
        var layout = ObservationLayout.FromSpace(TestSpaces.SeedObservation());
        using var a = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Seed, seed: 7);
        using var b = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Seed, seed: 7);
        using var c = ActorCriticPolicy.Create(layout, 2, PolicyConfig.Seed, seed: 8);

        Assert.True(a.parameters().Zip(b.parameters()).All(p => p.First.eq(p.Second).all().item<bool>()));
        Assert.False(a.parameters().Zip(c.parameters()).All(p => p.First.eq(p.Second).all().item<bool>()));
    }

    [Fact]
    public void Images_are_scaled_to_unit_range_exactly_once()
    {
        // With every conv weight 1/fan_in and zero bias, a white image gives conv activations of exactly 1
        // after scaling by 1/255 once (1/255 after twice), so the flattened code is all ones.
        var space = new DictSpace(("camera", new Box<byte>(0, 255, 8, 8, 3)));
        var config = PolicyConfig.Seed with { ConvLayers = [new(2, 8, 8)], ExtractorLayers = [] };
        using var policy = ActorCriticPolicy.Create(ObservationLayout.FromSpace(space), 1, config, seed: 0);
        using var scope = NewDisposeScope();
        var conv = policy.FeaturesExtractor.named_parameters().Single(p => p.name == "cnn_camera.0.weight").parameter;
        using (no_grad())
        {
            conv.fill_(1.0 / (8 * 8 * 3));
        }

        var white = full([1, 8, 8, 3], 255, ScalarType.Byte);
        var code = policy.FeaturesExtractor.forward(new ObservationTensors([white], null));

        Assert.Equal([1L, 2L], code.shape);
        Assert.Equal(1f, code[0, 0].item<float>(), 5);
    }

    [Fact]
    public void A_config_value_out_of_range_names_its_key()
    {
        var error = Assert.Throws<ArgumentException>(() => PolicyConfig.Seed with { PiLayers = [64, 0] });
        Assert.Contains("policy.pi_layers", error.Message, StringComparison.Ordinal);

        var tooSmall = new DictSpace(("camera", new Box<byte>(0, 255, 16, 16, 3)));
        var shrink = Assert.Throws<ArgumentException>(() => ActorCriticPolicy.Create(ObservationLayout.FromSpace(tooSmall), 2, PolicyConfig.Seed, 0));
        Assert.Contains("policy.conv_layers", shrink.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_observation_parts_are_rejected_by_key()
    {
        var space = new DictSpace(("camera", new Box<byte>(0, 255, 8, 8)), ("state", new Box<float>(0f, 1f, 2)));
        var error = Assert.Throws<NotSupportedException>(() => ObservationLayout.FromSpace(space));
        Assert.Contains("'camera'", error.Message, StringComparison.Ordinal);
    }

    private static void AssertOrthogonal(Tensor weight, double gain)
    {
        using var scope = NewDisposeScope();
        var w = weight.detach().to(ScalarType.Float64);
        var gram = w.shape[0] <= w.shape[1] ? w.matmul(w.t()) : w.t().matmul(w);
        var identity = eye(gram.shape[0], dtype: ScalarType.Float64) * (gain * gain);
        Assert.True(gram.allclose(identity, rtol: 1e-4, atol: 1e-6 + (1e-5 * gain * gain)), $"not orthogonal with gain {gain}");
    }
}
