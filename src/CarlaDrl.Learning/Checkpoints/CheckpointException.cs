namespace CarlaDrl.Learning.Checkpoints;

/// <summary>A checkpoint file that cannot be read or does not fit the model; the message names the file.</summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException()
    {
    }

    public CheckpointException(string message)
        : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CheckpointException(string path, string problem, Exception? innerException = null)
        : base($"Checkpoint '{path}' {problem}", innerException)
    {
        FilePath = path;
    }

    public string? FilePath { get; }
}
