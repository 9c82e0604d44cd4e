namespace CarlaDrl.Learning.Networks;

/// <summary>Hidden-layer nonlinearities (PyTorch names).</summary>
public enum Activation
{
    Tanh,
    ReLU,
}
