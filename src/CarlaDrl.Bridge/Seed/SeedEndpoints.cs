using System.Globalization;

namespace CarlaDrl.Bridge.Seed;

/// <summary>tcp:// endpoint helpers: both seed programs derive the action port as the observation port + 1 (§3.1).</summary>
internal static class SeedEndpoints
{
    public static int Port(string endpoint, string key)
    {
        int colon = endpoint?.LastIndexOf(':') ?? -1;
        if (endpoint is null || !endpoint.StartsWith("tcp://", StringComparison.Ordinal) || colon < 6
            || !int.TryParse(endpoint.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"{key} = '{endpoint}' is not a tcp://host:port endpoint.", key);
        }

        return port;
    }

    /// <summary>tcp://127.0.0.1:(port + 1) for a bind endpoint tcp://any:port (a wildcard host is not connectable).</summary>
    public static string NextPortOnLoopback(string bindEndpoint) =>
        $"tcp://127.0.0.1:{Port(bindEndpoint, "ObservationBind") + 1}";
}
