using static TorchSharp.torch;

namespace CarlaDrl.Learning.Tests;

public sealed class TorchSetupTests
{
    [Fact]
    public void Torch_initialises_and_computes()
    {
        // Fails with "Failed to load native component" on Debian 12 unless build/TorchSharpGlibcxxPatch.targets ran.
        using var sum = ones(2).sum();
        Assert.Equal(2f, sum.item<float>());
    }

    [Fact]
    public void The_thread_count_is_configurable_explicitly_or_by_environment_variable()
    {
        int before = TorchRuntime.Threads;
        try
        {
            Assert.Equal(1, TorchRuntime.ConfigureThreads(1));
            Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, "2");
            Assert.Equal(2, TorchRuntime.ConfigureThreads());
            Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, "many");
            var error = Assert.Throws<InvalidOperationException>(() => TorchRuntime.ConfigureThreads());
            Assert.Contains(TorchRuntime.ThreadsVariable, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(TorchRuntime.ThreadsVariable, null);
            TorchRuntime.ConfigureThreads(before);
        }
    }
}
