using System.Net.Sockets;
using NetMQ;

namespace CarlaDrl.Bridge.Protocol;

/// <summary>Why a ZeroMQ bind failed, in words (NetMQ's own exception messages name only the exception type).</summary>
internal static class BindFailure
{
    public static string Describe(Exception e) => e switch
    {
        AddressAlreadyInUseException => "the port is already in use by another process (another bridge?)",
        NetMQException { ErrorCode: ErrorCode.AddressNotAvailable } => "that address does not belong to this machine",
        SocketException s when s.SocketErrorCode == SocketError.AddressAlreadyInUse => "the port is already in use by another process (another bridge?)",
        SocketException s when s.SocketErrorCode == SocketError.AccessDenied => "permission denied (ports below 1024 need root)",
        _ => e.Message,
    };

    /// <summary>Binds, turning a failure into an <see cref="IOException"/> that names the endpoint and the remedy.</summary>
    public static void Bind(NetMQSocket socket, string endpoint, string what, string remedy)
    {
        try
        {
            socket.Bind(endpoint);
        }
        catch (Exception e) when (e is NetMQException or SocketException)
        {
            throw new IOException($"Cannot bind {what} to {endpoint}: {Describe(e)}. {remedy}", e);
        }
    }
}
