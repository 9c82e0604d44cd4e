using CarlaDrl.Driving.World;

namespace CarlaDrl.Carla.Client;

/// <summary>A CARLA server address as <c>carla://host:port</c> (port defaults to 2000; IPv6 hosts in brackets).</summary>
public readonly record struct CarlaEndpoint(string Host, int Port)
{
    public const string Scheme = "carla://";

    public const int DefaultPort = 2000;

    /// <exception cref="FormatException">not of the form carla://host[:port].</exception>
    public static CarlaEndpoint Parse(string text) =>
        TryParse(text, out CarlaEndpoint endpoint)
            ? endpoint
            : throw new FormatException($"'{text}' is not a CARLA server address; expected carla://host:port, e.g. carla://127.0.0.1:2000.");

    public static bool TryParse(string? text, out CarlaEndpoint endpoint)
    {
        endpoint = default;
        if (text is null || !text.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!HostPort.TryParse(text[Scheme.Length..], DefaultPort, 65533, out string host, out int port))
        {
            return false;
        }

        endpoint = new CarlaEndpoint(host, port);
        return true;
    }

    public override string ToString() => Scheme + HostPort.Format(Host, Port);
}
