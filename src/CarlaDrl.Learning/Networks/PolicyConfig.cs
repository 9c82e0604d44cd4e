namespace CarlaDrl.Learning.Networks;

/// <summary>
/// The architecture of an <see cref="ActorCriticPolicy"/>. The defaults are the seed's <c>MultiInputPolicy</c>
/// (seed-system.md §6): per image a NatureCNN-style conv stack (ReLU), flattened, concatenated with the float
/// vector, then <see cref="ExtractorLayers"/> (ReLU), shared by actor and critic; separate pi and vf MLPs; a
/// diagonal Gaussian with state-independent log-std. Values are validated when set, naming the key.
/// </summary>
public sealed record PolicyConfig
{
    /// <summary>The seed's conv stack: 3→32 k8 s4, 32→64 k4 s2, 64→64 k3 s1.</summary>
    public static readonly IReadOnlyList<ConvLayer> NatureCnn = [new(32, 8, 4), new(64, 4, 2), new(64, 3, 1)];

    /// <summary>The seed's network (447,077 parameters for a 64×64×3 camera, a 6-d state and 2 actions).</summary>
    public static PolicyConfig Seed { get; } = new();

    /// <summary>SB3's <c>MlpPolicy</c> for vector observations: no shared layers, pi = vf = [64, 64] Tanh.</summary>
    public static PolicyConfig Mlp { get; } = new() { ExtractorLayers = [] };

    /// <summary>Conv layers applied to each image part (<c>policy.conv_layers</c>).</summary>
    public IReadOnlyList<ConvLayer> ConvLayers
    {
        get;
        init => field = CheckConv(value);
    } = NatureCnn;

    /// <summary>Shared Linear layers after the concatenation (<c>policy.extractor_layers</c>); features_dim is the last.</summary>
    public IReadOnlyList<int> ExtractorLayers { get; init => field = CheckSizes(value, "policy.extractor_layers"); } = [256, 256];

    /// <summary>Nonlinearity of the conv and shared layers (<c>policy.extractor_activation</c>).</summary>
    public Activation ExtractorActivation { get; init; } = Activation.ReLU;

    /// <summary>Actor MLP (<c>policy.pi_layers</c>).</summary>
    public IReadOnlyList<int> PiLayers { get; init => field = CheckSizes(value, "policy.pi_layers"); } = [64, 64];

    /// <summary>Critic MLP (<c>policy.vf_layers</c>).</summary>
    public IReadOnlyList<int> VfLayers { get; init => field = CheckSizes(value, "policy.vf_layers"); } = [64, 64];

    /// <summary>Nonlinearity of the pi and vf MLPs (<c>policy.activation</c>).</summary>
    public Activation Activation { get; init; } = Activation.Tanh;

    /// <summary>Initial log standard deviation of the Gaussian (<c>policy.log_std_init</c>); 0 means std 1.</summary>
    public double LogStdInit { get; init => field = double.IsFinite(value) ? value : throw Bad("policy.log_std_init", value, "must be finite"); }

    /// <summary>Orthogonal initialisation with SB3's gains (<c>policy.ortho_init</c>); false keeps PyTorch's defaults.</summary>
    public bool OrthoInit { get; init; } = true;

    private static IReadOnlyList<int> CheckSizes(IReadOnlyList<int> value, string key)
    {
        ArgumentNullException.ThrowIfNull(value, key);
        return value.All(v => v >= 1) ? [.. value] : throw Bad(key, $"[{string.Join(", ", value)}]", "every layer needs at least 1 unit");
    }

    private static IReadOnlyList<ConvLayer> CheckConv(IReadOnlyList<ConvLayer> value)
    {
        ArgumentNullException.ThrowIfNull(value, "policy.conv_layers");
        return value.All(c => c is { OutChannels: >= 1, Kernel: >= 1, Stride: >= 1 })
            ? [.. value]
            : throw Bad("policy.conv_layers", string.Join(", ", value), "channels, kernel and stride must be at least 1");
    }

    private static ArgumentException Bad(string key, object value, string rule) => new($"{key} = {value}: {rule}.", key);
}
