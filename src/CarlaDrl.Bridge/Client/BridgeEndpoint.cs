using CarlaDrl.Driving.World;

namespace CarlaDrl.Bridge.Client;

/// <summary>A bridge worker address as the command line writes it, <c>zmq://host:port</c>, and as ZeroMQ takes it, <c>tcp://host:port</c>.</summary>
public readonly record struct BridgeEndpoint(string Host, int Port)
{
    public const string Scheme = "zmq://";

    public const int DefaultPort = 5555;

    /// <summary>The ZeroMQ endpoint, <c>tcp://host:port</c>.</summary>
    public string Tcp => "tcp://" + HostPort.Format(Host, Port);

    /// <exception cref="FormatException">not of the form zmq://host[:port].</exception>
    public static BridgeEndpoint Parse(string text) =>
        TryParse(text, out BridgeEndpoint endpoint)
            ? endpoint
            : throw new FormatException($"'{text}' is not a bridge worker address; expected zmq://host:port, e.g. zmq://127.0.0.1:5555.");

    /// <summary>Accepts <c>zmq://host[:port]</c> and <c>tcp://host:port</c>.</summary>
    public static bool TryParse(string? text, out BridgeEndpoint endpoint)
    {
        endpoint = default;
        string? rest = text is null ? null
            : text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? text[Scheme.Length..]
            : text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) ? text["tcp://".Length..]
            : null;
        if (rest is null)
        {
            return false;
        }

        if (!HostPort.TryParse(rest, DefaultPort, 65535, out string host, out int port) || host == "*")
        {
            return false;
        }

        endpoint = new BridgeEndpoint(host, port);
        return true;
    }

    public override string ToString() => Scheme + HostPort.Format(Host, Port);
}
