using CarlaDrl.Learning.Observations;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Networks;

/// <summary>
/// The shared feature extractor of seed-system.md §6: each uint8 HWC image is scaled to [0, 1] here, exactly once
/// (the seed divided twice: defect 5 of §12), permuted to CHW and encoded by its own conv stack; the flattened codes
/// and the float vector are concatenated and passed through the shared Linear layers.
/// </summary>
public sealed class FeatureExtractor : nn.Module
{
    private readonly Sequential[] _cnns;
    private readonly Sequential? _linear;

    public FeatureExtractor(ObservationLayout layout, PolicyConfig config)
        : base(nameof(FeatureExtractor))
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(config);
        _cnns = new Sequential[layout.Images.Count];
        int concatenated = layout.VectorLength;
        for (int k = 0; k < _cnns.Length; k++)
        {
            var image = layout.Images[k];
            (_cnns[k], int flat) = BuildCnn(image, config);
            register_module("cnn_" + (image.Key ?? "image"), _cnns[k]);
            concatenated += flat;
            CnnOutputLengths.Add(flat);
        }

        FeaturesDim = concatenated;
        if (config.ExtractorLayers.Count > 0)
        {
            _linear = Mlp.Build(concatenated, config.ExtractorLayers, config.ExtractorActivation);
            register_module("linear", _linear);
            FeaturesDim = config.ExtractorLayers[^1];
        }
    }

    /// <summary>Length of the features this extractor outputs (the seed's features_dim, 256).</summary>
    public int FeaturesDim { get; }

    /// <summary>Flattened conv output length per image part (1024 for 64×64 with the seed's stack).</summary>
    public IList<int> CnnOutputLengths { get; } = [];

    /// <summary>The modules whose weights SB3 initialises with gain √2.</summary>
    internal IEnumerable<nn.Module> Layers => _cnns.Cast<nn.Module>().Concat(_linear is null ? [] : [_linear]);

    public Tensor forward(ObservationTensors observations)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var parts = new Tensor[_cnns.Length + (observations.Vector is null ? 0 : 1)];
        for (int k = 0; k < _cnns.Length; k++)
        {
            using var pixels = observations.Images[k].permute(0, 3, 1, 2).to(ScalarType.Float32).div_(255.0);
            parts[k] = _cnns[k].forward(pixels);
        }

        if (observations.Vector is Tensor vector)
        {
            parts[^1] = vector;
        }

        var features = parts.Length == 1 ? parts[0] : cat(parts, 1);
        return _linear is null || _linear.Count == 0 ? features : _linear.forward(features);
    }

    private static (Sequential Cnn, int FlatLength) BuildCnn(ImagePart image, PolicyConfig config)
    {
        var layers = new List<nn.Module<Tensor, Tensor>>();
        int channels = image.Channels, height = image.Height, width = image.Width;
        foreach (var conv in config.ConvLayers)
        {
            layers.Add(nn.Conv2d(channels, conv.OutChannels, conv.Kernel, stride: conv.Stride));
            layers.Add(Mlp.ActivationModule(config.ExtractorActivation));
            channels = conv.OutChannels;
            height = ((height - conv.Kernel) / conv.Stride) + 1;
            width = ((width - conv.Kernel) / conv.Stride) + 1;
            if (height < 1 || width < 1)
            {
                throw new ArgumentException(
                    $"policy.conv_layers: a {image.Height}×{image.Width} image '{image.Key}' shrinks to nothing at layer {layers.Count / 2} (kernel {conv.Kernel}, stride {conv.Stride}).");
            }
        }

        layers.Add(nn.Flatten());
        return (nn.Sequential(layers), channels * height * width);
    }
}
