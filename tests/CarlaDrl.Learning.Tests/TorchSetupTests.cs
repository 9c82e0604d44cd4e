using static TorchSharp.torch;

namespace CarlaDrl.Learning.Tests;

public sealed class TorchSetupTests
{
    [Fact]
    public void Torch_initialises_and_computes()
    {
        using var sum = ones(2).sum();
        Assert.Equal(2f, sum.item<float>());
    }
}
