using System.Net;
using System.Net.Sockets;

namespace CarlaDrl.Bridge.Tests;

/// <summary>Random free loopback ports: the seed needs two adjacent ones (observations on p, actions on p + 1).</summary>
internal static class SeedPorts
{
    public static int FreePair()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            int port = ((IPEndPoint)first.LocalEndpoint).Port;
            try
            {
                if (port >= 65535)
                {
                    continue;
                }

                var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                second.Stop();
                return port;
            }
            catch (SocketException)
            {
                // p + 1 taken: draw again
            }
            finally
            {
                first.Stop();
            }
        }

        throw new InvalidOperationException("No pair of adjacent free loopback ports found in 100 draws.");
    }
}
