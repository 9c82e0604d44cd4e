using CarlaDrl.Bridge.Client;
using CarlaDrl.Bridge.Host;
using CarlaDrl.Bridge.Security;
using CarlaDrl.Driving.World;
using CarlaDrl.Simulator;

namespace CarlaDrl.Bridge.Tests.Security;

/// <summary>A bridge worker with CurveZMQ keys serves a trainer that knows its public key and no other.</summary>
public sealed class CurveBridgeTests
{
    [Fact]
    public void Only_a_trainer_with_the_workers_public_key_gets_through()
    {
        CurveKeyPair worker = CurveKeyPair.Generate(), stranger = CurveKeyPair.Generate();
        using var world = new EmbeddedWorld(new EmbeddedWorldOptions { Town = "Town01" });
        using var server = new BridgeServer(world, new BridgeServerOptions { Bind = "tcp://127.0.0.1:0", ConfigureSocket = s => CurveKeyFiles.ApplyServer(s, worker) });
        using var stop = new CancellationTokenSource();
        var thread = new Thread(() => server.Run(stop.Token)) { IsBackground = true };
        thread.Start();
        try
        {
            RemoteWorld Client(CurveKeyPair? key) => new(new RemoteWorldOptions
            {
                Endpoint = server.Endpoint,
                ConnectTimeout = TimeSpan.FromSeconds(key == worker ? 10 : 1.5),
                ConfigureSocket = key is null ? null : s => CurveKeyFiles.ApplyClient(s, key.PublicOnly()),
            });
            var settings = new EpisodeSettings { NumberOfVehicles = 0, NumberOfPedestrians = 0, SeedVehicles = 1, SeedPedestrians = 1 };

            using (RemoteWorld wrongKey = Client(stranger))
            {
                var e = Assert.Throws<IOException>(() => wrongKey.NewEpisode(settings));
                Assert.Contains("same key pair", e.Message, StringComparison.Ordinal);
            }

            using (RemoteWorld plain = Client(null))
            {
                Assert.Throws<IOException>(() => plain.NewEpisode(settings));
            }

            using RemoteWorld right = Client(worker);
            right.NewEpisode(settings);
            right.StartEpisode(0);
            right.SendControl(new VehicleControl(0, 1, 0));
            Assert.Equal(1, server.Steps);
            Assert.Equal(1, server.Sessions); // the refused peers never reached the protocol
        }
        finally
        {
            stop.Cancel();
            thread.Join(TimeSpan.FromSeconds(10));
        }
    }
}
