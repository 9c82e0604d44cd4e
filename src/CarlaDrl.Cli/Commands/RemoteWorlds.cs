using CarlaDrl.Bridge.Client;
using CarlaDrl.Bridge.Seed;
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
    public const string Forms = "carla://host:port (a CARLA 0.8.4 server or carla-drl serve-carla), zmq://host:port (a carla-drl bridge worker) or seed://host:port (the original system's carla_zmq_client.py stream)";

    public const string SeedScheme = "seed://";

    public static bool IsValid(string? address) =>
        CarlaEndpoint.TryParse(address, out _) || ((IsBridge(address) || IsSeed(address)) && TryBridgeEndpoint(address!, out _));

    public static bool IsBridge(string? address) => address?.StartsWith(BridgeEndpoint.Scheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>True for a seed-protocol stream (<c>seed://host:port</c>): worlds that cannot be reset or placed, hence no held-out evaluations.</summary>
    public static bool IsSeed(string? address) => address?.StartsWith(SeedScheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary><c>--protocol seed</c>: the same host and port read as a seed stream (zmq://h:p → seed://h:p).</summary>
    public static string AsSeed(string address) =>
        IsBridge(address) ? SeedScheme + address[BridgeEndpoint.Scheme.Length..]
        : IsSeed(address) ? address
        : throw new ArgumentException($"--protocol seed needs zmq://host:port addresses (the seed client's observation port, e.g. zmq://127.0.0.1:5555); got '{address}'.");

    private static bool TryBridgeEndpoint(string address, out BridgeEndpoint endpoint) =>
        BridgeEndpoint.TryParse(IsSeed(address) ? BridgeEndpoint.Scheme + address[SeedScheme.Length..] : address, out endpoint);

    /// <summary>
    /// The world at <paramref name="address"/>; <paramref name="heartbeatTimeout"/> and <paramref name="curveKey"/> (the
    /// worker's public key file) apply to bridge workers.
    /// </summary>
    /// <exception cref="ArgumentException">not a known address form.</exception>
    public static IDrivingWorld Create(string address, Action<string>? log, TimeSpan? heartbeatTimeout = null, string? curveKey = null, string town = "Town01", TimeSpan? connectTimeout = null)
    {
        if (IsSeed(address) && TryBridgeEndpoint(address, out BridgeEndpoint seed))
        {
            return new SeedStreamWorld(new SeedStreamOptions { Host = seed.Host, ObservationPort = seed.Port, Town = town, Log = log });
        }

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
                ConnectTimeout = connectTimeout ?? TimeSpan.FromSeconds(30),
                ConfigureSocket = server is null ? null : socket => CurveKeyFiles.ApplyClient(socket, server),
                Log = log,
            });
        }

        throw new ArgumentException($"'{address}' is not a world address; use {Forms}.");
    }
}
