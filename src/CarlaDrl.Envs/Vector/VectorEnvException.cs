namespace CarlaDrl.Envs.Vector;

/// <summary>A sub-env of a vector env failed; <see cref="EnvIndex"/> says which, the inner exception why.</summary>
public sealed class VectorEnvException : Exception
{
    public VectorEnvException()
    {
    }

    public VectorEnvException(string message)
        : base(message)
    {
    }

    public VectorEnvException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public VectorEnvException(int envIndex, string operation, Exception innerException)
        : base($"Env {envIndex} failed in {operation}: {innerException?.GetType().Name}: {innerException?.Message}", innerException)
    {
        EnvIndex = envIndex;
    }

    /// <summary>Index of the failed env, or -1 when not about one env.</summary>
    public int EnvIndex { get; } = -1;
}
