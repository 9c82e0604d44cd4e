using TorchSharp.Modules;
using static TorchSharp.torch;

namespace CarlaDrl.Learning.Networks;

/// <summary>Builds <c>Linear → activation</c> stacks, PyTorch-style numbered ("0", "1", ...).</summary>
internal static class Mlp
{
    public static Sequential Build(int inputs, IReadOnlyList<int> layers, Activation activation)
    {
        var modules = new List<nn.Module<Tensor, Tensor>>();
        foreach (int units in layers)
        {
            modules.Add(nn.Linear(inputs, units));
            modules.Add(ActivationModule(activation));
            inputs = units;
        }

        return nn.Sequential(modules);
    }

    public static nn.Module<Tensor, Tensor> ActivationModule(Activation activation) => activation switch
    {
        Activation.Tanh => nn.Tanh(),
        Activation.ReLU => nn.ReLU(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };

    /// <summary>SB3's <c>init_weights</c>: orthogonal weights with <paramref name="gain"/>, zero biases, for every Linear and Conv2d.</summary>
    public static void OrthogonalInit(nn.Module module, double gain)
    {
        using var noGrad = no_grad();
        foreach (var (_, child) in module.named_modules().Prepend((string.Empty, module)))
        {
            var (weight, bias) = child switch
            {
                Linear linear => (linear.weight, linear.bias),
                Conv2d conv => (conv.weight, conv.bias),
                _ => (null, null),
            };
            if (weight is not null)
            {
                nn.init.orthogonal_(weight, gain);
                if (bias is not null)
                {
                    nn.init.zeros_(bias);
                }
            }
        }
    }
}
