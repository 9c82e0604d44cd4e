using System.Net;
using System.Net.Sockets;

namespace CarlaDrl.TestKit;

/// <summary>Random free loopback ports; the seed protocol needs two adjacent ones (observations on p, actions on p + 1).</summary>
public static class LoopbackPorts
{
    /// <summary>A port that was free a moment ago.</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

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
