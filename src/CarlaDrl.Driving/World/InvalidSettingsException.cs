namespace CarlaDrl.Driving.World;

/// <summary>Settings that cannot be used; the message names every bad field and the allowed values.</summary>
public sealed class InvalidSettingsException : ArgumentException
{
    public InvalidSettingsException()
    {
    }

    public InvalidSettingsException(string message) : base(message)
    {
    }

    public InvalidSettingsException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InvalidSettingsException(IReadOnlyList<string> errors)
        : base(errors.Count == 1 ? errors[0] : "Invalid settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, one per entry.</summary>
    public IReadOnlyList<string> Errors { get; } = [];
}
