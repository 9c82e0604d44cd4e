namespace CarlaDrl.Bridge.Protocol;

/// <summary>
/// A message broke the bridge protocol (docs/bridge-protocol.md): not a msgpack map, a missing or mistyped field, an
/// unknown message type. <see cref="Code"/> is the error code the peer gets back.
/// </summary>
public sealed class BridgeProtocolException : IOException
{
    public BridgeProtocolException()
    {
        Code = BridgeProtocol.ErrorCodes.Malformed;
    }

    public BridgeProtocolException(string message) : this(BridgeProtocol.ErrorCodes.Malformed, message)
    {
    }

    public BridgeProtocolException(string message, Exception innerException) : base(message, innerException)
    {
        Code = BridgeProtocol.ErrorCodes.Malformed;
    }

    public BridgeProtocolException(string code, string message) : base(message)
    {
        Code = code;
    }

    /// <summary>One of <see cref="BridgeProtocol.ErrorCodes"/>.</summary>
    public string Code { get; }
}
