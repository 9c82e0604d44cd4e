using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Networks;

/// <summary>SB3's <c>MlpExtractor</c>: the separate actor (<c>policy_net</c>) and critic (<c>value_net</c>) MLPs.</summary>
public sealed class MlpExtractor : nn.Module
{
    public MlpExtractor(int features, PolicyConfig config)
        : base(nameof(MlpExtractor))
    {
        ArgumentNullException.ThrowIfNull(config);
        PolicyNet = Mlp.Build(features, config.PiLayers, config.Activation);
        ValueNet = Mlp.Build(features, config.VfLayers, config.Activation);
        LatentDimPi = config.PiLayers.Count > 0 ? config.PiLayers[^1] : features;
        LatentDimVf = config.VfLayers.Count > 0 ? config.VfLayers[^1] : features;
        register_module("policy_net", PolicyNet);
        register_module("value_net", ValueNet);
    }

    public Sequential PolicyNet { get; }

    public Sequential ValueNet { get; }

    public int LatentDimPi { get; }

    public int LatentDimVf { get; }

    public Tensor ForwardActor(Tensor features) => PolicyNet.Count > 0 ? PolicyNet.forward(features) : features;

    public Tensor ForwardCritic(Tensor features) => ValueNet.Count > 0 ? ValueNet.forward(features) : features;
}
