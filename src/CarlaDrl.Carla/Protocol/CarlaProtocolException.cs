namespace CarlaDrl.Carla.Protocol;

/// <summary>
/// The peer broke the CARLA 0.8.4 protocol (spec §3, §4, §7): an absurd length prefix, a message cut short, a body
/// that is not the expected protobuf, a malformed sensor blob, or an empty reply where the protocol needs content.
/// </summary>
public sealed class CarlaProtocolException : IOException
{
    public CarlaProtocolException()
    {
    }

    public CarlaProtocolException(string message) : base(message)
    {
    }

    public CarlaProtocolException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
