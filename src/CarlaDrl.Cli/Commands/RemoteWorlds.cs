using CarlaDrl.Bridge.Client;
using CarlaDrl.Bridge.Security;
using CarlaDrl.Carla.Client;
using CarlaDrl.Driving.World;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// Worlds in other processes, by address: <c>carla://host:port</c> (a CARLA 0.8.4 server or <c>serve-carla</c>) and
/// <c>zmq://host:port</c> (a <c>carla-drl bridge</c> worker). One place turns an address into an
/// <see cref="IDrivingWorld"/>, for train, evaluate and drive alike.
/// </summary>
internal static class RemoteWorlds
{
    /// <summary>The address forms, for error messages.</summary>
    public const string Forms = "carla://host:port (a CARLA 0.8.4 server or carla-drl serve-carla) or zmq://host:port (a carla-drl bridge worker)";

    public static bool IsValid(string? address) => CarlaEndpoint.TryParse(address, out _) || BridgeEndpoint.TryParse(address, out _) && address!.StartsWith(BridgeEndpoint.Scheme, StringComparison.OrdinalIgnoreCase);

    public static bool IsBridge(string? address) => address?.StartsWith(BridgeEndpoint.Scheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>
    /// The world at <paramref name="address"/>; <paramref name="heartbeatTimeout"/> and <paramref name="curveKey"/> (the
    /// worker's public key file) apply to bridge workers.
    /// </summary>
    /// <exception cref="ArgumentException">not a known address form.</exception>
    public static IDrivingWorld Create(string address, Action<string>? log, TimeSpan? heartbeatTimeout = null, string? curveKey = null)
    {
        if (CarlaEndpoint.TryParse(address, out CarlaEndpoint carla))
        {
            return new CarlaWorld(new CarlaWorldOptions { Host = carla.Host, Port = carla.Port, Log = log });
        }

        if (IsBridge(address) && BridgeEndpoint.TryParse(address, out BridgeEndpoint bridge))
        {
            CurveKeyPair? server = curveKey is null ? null : CurveKeyFiles.Load(curveKey).PublicOnly();
            return new RemoteWorld(new RemoteWorldOptions
            {
                Endpoint = bridge.Tcp,
                HeartbeatTimeout = heartbeatTimeout ?? TimeSpan.FromSeconds(3),
                ConfigureSocket = server is null ? null : socket => CurveKeyFiles.ApplyClient(socket, server),
                Log = log,
            });
        }

        throw new ArgumentException($"'{address}' is not a world address; use {Forms}.");
    }
}
