namespace CarlaDrl.Bridge.Security;

/// <summary>A CURVE key file that is missing, is not a ZeroMQ certificate, or holds a malformed key; the message names the file.</summary>
public sealed class CurveKeyException : Exception
{
    public CurveKeyException()
    {
    }

    public CurveKeyException(string message)
        : base(message)
    {
    }

    public CurveKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CurveKeyException(string path, string problem, Exception? innerException = null)
        : base($"Curve key file '{path}' {problem}", innerException)
    {
        FilePath = path;
    }

    /// <summary>The file the problem is in, when there is one.</summary>
    public string? FilePath { get; }
}
