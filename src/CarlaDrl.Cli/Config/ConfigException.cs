namespace CarlaDrl.Cli.Config;

/// <summary>A configuration problem; the message names the key (as <c>section.key</c>) and what is allowed.</summary>
internal sealed class ConfigException : Exception
{
    public ConfigException()
    {
    }

    public ConfigException(string message) : base(message)
    {
    }

    public ConfigException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
