using System.Runtime.InteropServices;
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

    /// <summary>OpenMP's wait policy variable, read once when libtorch's OpenMP runtime loads.</summary>
    public const string OpenMpWaitPolicyVariable = "OMP_WAIT_POLICY";

    private static bool _nnpackDisabled;

    /// <summary>
    /// Process settings that must precede loading libtorch: unless the user set <see cref="OpenMpWaitPolicyVariable"/>,
    /// sets it to PASSIVE in the native environment, so torch's OpenMP threads sleep instead of spinning after each
    /// parallel region; spinning threads take the cores from the vector env's workers between two forward passes
    /// (measured: 30 → 170+ env steps/s end to end on 2 cores, docs/training.md). Call it first thing in
    /// <c>Main</c>; it does nothing once torch is loaded, and nothing on Windows.
    /// </summary>
    public static void PrepareProcess()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable(OpenMpWaitPolicyVariable) is { Length: > 0 })
        {
            return;
        }

        _ = setenv(OpenMpWaitPolicyVariable, "PASSIVE", 0); // .NET's SetEnvironmentVariable never reaches native code on Unix
        Environment.SetEnvironmentVariable(OpenMpWaitPolicyVariable, "PASSIVE");
    }

    /// <summary>
    /// Turns NNPACK off (PyTorch's <c>torch.backends.nnpack.set_flags(False)</c>, which TorchSharp does not expose):
    /// on CPUs NNPACK does not support it prints "Could not initialize NNPACK! Reason: Unsupported hardware." on every
    /// convolution with a batch of 16 or more, and PyTorch falls back to the same kernels anyway. Idempotent; a
    /// libtorch without the symbols is left as it is.
    /// </summary>
    public static void DisableNnpack()
    {
        if (_nnpackDisabled)
        {
            return;
        }

        _nnpackDisabled = true;
        _ = get_num_threads(); // loads libtorch
        if (!OperatingSystem.IsLinux() || !TryLoadTorchCpu(out IntPtr library)
            || !NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out IntPtr globalContext)
            || !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb", out IntPtr setEnabled))
        {
            return;
        }

        unsafe
        {
            IntPtr context = ((delegate* unmanaged<IntPtr>)globalContext)();
            ((delegate* unmanaged<IntPtr, byte, void>)setEnabled)(context, 0);
        }
    }

    /// <summary>
    /// Loads libtorch and runs a small matrix product, for health checks: the version and the result's check sum
    /// (2×3 ones times 3×2 ones: every element 3, so 12). Throws what loading throws (e.g. TorchSharp's "Failed to load
    /// native component" when the GLIBCXX patch is missing, ENVIRONMENT.md).
    /// </summary>
    public static (string Version, double Sum, bool CudaAvailable) SelfTest()
    {
        using var a = ones(2, 3);
        using var b = ones(3, 2);
        using var product = a.matmul(b);
        using var sum = product.sum();
        return (__version__, sum.item<float>(), cuda.is_available());
    }

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
        DisableNnpack();
        return get_num_threads();
    }

    private static bool TryLoadTorchCpu(out IntPtr library)
    {
        // Already loaded by TorchSharp: dlopen by soname returns that copy; else look next to the assemblies.
        if (NativeLibrary.TryLoad("libtorch_cpu.so", out library))
        {
            return true;
        }

        string local = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libtorch_cpu.so");
        return NativeLibrary.TryLoad(local, out library)
            || NativeLibrary.TryLoad("libtorch_cpu.so", typeof(TorchSharp.torch).Assembly, DllImportSearchPath.AssemblyDirectory, out library);
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);

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
