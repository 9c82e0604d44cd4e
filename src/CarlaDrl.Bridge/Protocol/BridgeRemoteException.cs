namespace CarlaDrl.Bridge.Protocol;

/// <summary>The bridge worker answered a request with an error message (its <see cref="Code"/> and text).</summary>
public sealed class BridgeRemoteException : IOException
{
    public BridgeRemoteException()
    {
        Code = BridgeProtocol.ErrorCodes.WorldError;
    }

    public BridgeRemoteException(string message) : base(message)
    {
        Code = BridgeProtocol.ErrorCodes.WorldError;
    }

    public BridgeRemoteException(string message, Exception innerException) : base(message, innerException)
    {
        Code = BridgeProtocol.ErrorCodes.WorldError;
    }

    public BridgeRemoteException(string code, string message) : base(message)
    {
        Code = code;
    }

    /// <summary>One of <see cref="BridgeProtocol.ErrorCodes"/>.</summary>
    public string Code { get; }
}
