using System.Globalization;

namespace CarlaDrl.Driving.World;

/// <summary>
/// The <c>host[:port]</c> part of a remote world's address (<c>carla://…</c>, <c>zmq://…</c>, <c>seed://…</c>): IPv6 hosts
/// in brackets, a default port when none is given, no path.
/// </summary>
public static class HostPort
{
    public static bool TryParse(string rest, int defaultPort, int maxPort, out string host, out int port)
    {
        ArgumentNullException.ThrowIfNull(rest);
        rest = rest.TrimEnd('/');
        host = rest;
        port = defaultPort;
        int colon = rest.LastIndexOf(':');
        bool bracketed = rest.StartsWith('[');
        if (colon > 0 && (!bracketed || rest.IndexOf(']', StringComparison.Ordinal) < colon))
        {
            host = rest[..colon];
            if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port) || port < 1 || port > maxPort)
            {
                return false;
            }
        }

        host = bracketed ? host.Trim('[', ']') : host;
        return host.Length > 0 && !host.Contains('/', StringComparison.Ordinal);
    }

    /// <summary>Formats a host and port, bracketing IPv6 hosts.</summary>
    public static string Format(string host, int port) => $"{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{port}";
}
