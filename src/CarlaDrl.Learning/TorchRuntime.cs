using static TorchSharp.torch;

namespace CarlaDrl.Learning;

/// <summary>
/// Process-wide TorchSharp settings. Torch's intra-op thread pool defaults to the number of cores; on our 2-core
/// machines two threads help only large batches (ENVIRONMENT.md), and vector-env worker threads compete with it,
/// so the count is configurable: an explicit argument, else the <see cref="ThreadsVariable"/> environment
/// variable, else <see cref="Environment.ProcessorCount"/>.
/// </summary>
public static class TorchRuntime
{
    /// <summary>Environment variable that sets the torch thread count when no explicit count is given.</summary>
    public const string ThreadsVariable = "CARLADRL_TORCH_THREADS";

    /// <summary>Serialises code that seeds and draws from torch's global generator (parameter initialisation).</summary>
    internal static readonly Lock GlobalGeneratorLock = new();

    /// <summary>The intra-op thread count torch uses now.</summary>
    public static int Threads => get_num_threads();

    /// <summary>
    /// Sets torch's intra-op thread count and returns it; null picks <see cref="ThreadsVariable"/> or the core count.
    /// Loads the native library on first use, so it also fails early and clearly when libtorch cannot load.
    /// </summary>
    public static int ConfigureThreads(int? threads = null)
    {
        int count = threads ?? FromEnvironment() ?? Environment.ProcessorCount;
        if (count < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), count, "torch thread count must be at least 1.");
        }

        set_num_threads(count);
        return get_num_threads();
    }

    private static int? FromEnvironment()
    {
        string? text = Environment.GetEnvironmentVariable(ThreadsVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, out int value) && value >= 1
            ? value
            : throw new InvalidOperationException($"{ThreadsVariable}='{text}' is not a positive integer.");
    }
}
