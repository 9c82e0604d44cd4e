using System.Globalization;
using CarlaDrl.Bridge.Security;
using NetMQ;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Tests.Security;

/// <summary>
/// Real NetMQ sockets on loopback: a ROUTER configured as CURVE server and DEALER clients. Only a client that knows the
/// server's public key gets a message through; each refusal test then lets a correct client through the same server,
/// so "nothing arrived" cannot come from a server that was never listening.
/// </summary>
public sealed class CurveHandshakeTests
{
    private static readonly TimeSpan Arrives = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Refused = TimeSpan.FromSeconds(1.5);

    [Fact]
    public void A_client_with_the_server_public_key_exchanges_messages()
    {
        CurveKeyPair server = CurveKeyFiles.Generate();
        using var router = new RouterSocket();
        CurveKeyFiles.ApplyServer(router, server);
        int port = router.BindRandomPort("tcp://127.0.0.1");
        using var dealer = new DealerSocket();
        CurveKeyFiles.ApplyClient(dealer, server.PublicOnly());
        dealer.Connect(Endpoint(port));

        AssertRoundTrip(router, dealer, "ping");
    }

    [Fact]
    public void Keys_read_back_from_files_work_with_an_explicit_client_pair()
    {
        using var folder = new TempFolder();
        (string publicFile, string secretFile) = CurveKeyFiles.Save(CurveKeyFiles.Generate(), folder.Path, "bridge");
        using var router = new RouterSocket();
        CurveKeyFiles.ApplyServer(router, CurveKeyFiles.LoadSecret(secretFile));
        int port = router.BindRandomPort("tcp://127.0.0.1");
        using var dealer = new DealerSocket();
        CurveKeyFiles.ApplyClient(dealer, CurveKeyFiles.Load(publicFile), CurveKeyFiles.Generate());
        dealer.Connect(Endpoint(port));

        AssertRoundTrip(router, dealer, "from files");
    }

    [Fact]
    public void A_client_with_a_different_server_key_gets_nothing_through()
    {
        CurveKeyPair server = CurveKeyFiles.Generate();
        using var router = new RouterSocket();
        CurveKeyFiles.ApplyServer(router, server);
        int port = router.BindRandomPort("tcp://127.0.0.1");

        using (var impostor = new DealerSocket())
        {
            CurveKeyFiles.ApplyClient(impostor, CurveKeyFiles.Generate().PublicOnly());
            impostor.Connect(Endpoint(port));
            impostor.SendFrame("let me in");
            Assert.False(router.TryReceiveFrameString(Refused, out string? leaked), $"the server received '{leaked}' from a client with the wrong server key");
        }

        using var dealer = new DealerSocket();
        CurveKeyFiles.ApplyClient(dealer, server.PublicOnly());
        dealer.Connect(Endpoint(port));
        AssertRoundTrip(router, dealer, "right key");
    }

    [Fact]
    public void A_plain_client_gets_nothing_through_to_a_curve_server()
    {
        CurveKeyPair server = CurveKeyFiles.Generate();
        using var router = new RouterSocket();
        CurveKeyFiles.ApplyServer(router, server);
        int port = router.BindRandomPort("tcp://127.0.0.1");

        using (var plain = new DealerSocket())
        {
            plain.Connect(Endpoint(port));
            plain.SendFrame("no curve");
            Assert.False(router.TryReceiveFrameString(Refused, out string? leaked), $"the CURVE server received '{leaked}' from a plain client");
        }

        using var dealer = new DealerSocket();
        CurveKeyFiles.ApplyClient(dealer, server.PublicOnly());
        dealer.Connect(Endpoint(port));
        AssertRoundTrip(router, dealer, "curve");
    }

    [Fact]
    public async Task A_pyzmq_client_talks_to_our_server_with_the_public_key_file()
    {
        using var folder = new TempFolder();
        (string publicFile, string secretFile) = CurveKeyFiles.Save(CurveKeyFiles.Generate(), folder.Path, "bridge");
        using var router = new RouterSocket();
        CurveKeyFiles.ApplyServer(router, CurveKeyFiles.LoadSecret(secretFile));
        int port = router.BindRandomPort("tcp://127.0.0.1");
        using var stop = new CancellationTokenSource();

        // The ROUTER answers on a thread of its own while Python runs as a child process; the thread stops polling
        // before the socket is disposed (ENVIRONMENT.md: never dispose a socket that another thread is in).
        Task<string?> echo = Task.Run(() =>
        {
            var request = new NetMQMessage();
            while (!stop.IsCancellationRequested)
            {
                if (router.TryReceiveMultipartMessage(TimeSpan.FromMilliseconds(100), ref request))
                {
                    string text = request[1].ConvertToString();
                    router.SendMoreFrame(request[0].ToByteArray()).SendFrame($"echo {text}");
                    return text;
                }
            }

            return null;
        });
        try
        {
            string output = PyZmq.Run(PyZmq.Script("curve_client.py"), Endpoint(port), publicFile, "hello from pyzmq", "10000");
            Assert.Equal("echo hello from pyzmq", output.Trim());
        }
        finally
        {
            await stop.CancelAsync();
            await echo.WaitAsync(Arrives); // TimeoutException if the echo thread does not stop
        }

        Assert.Equal("hello from pyzmq", await echo);
    }

    [Fact]
    public void The_server_needs_its_secret_key()
    {
        using var router = new RouterSocket();
        ArgumentException error = Assert.Throws<ArgumentException>(() => CurveKeyFiles.ApplyServer(router, CurveKeyFiles.Generate().PublicOnly()));
        Assert.Contains("key_secret", error.Message, StringComparison.Ordinal);
    }

    private static string Endpoint(int port) => "tcp://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    private static void AssertRoundTrip(RouterSocket router, DealerSocket dealer, string text)
    {
        dealer.SendFrame(text);
        NetMQMessage? request = null;
        Assert.True(router.TryReceiveMultipartMessage(Arrives, ref request), $"the server received nothing within {Arrives.TotalSeconds} s");
        Assert.Equal(2, request!.FrameCount);
        Assert.Equal(text, request[1].ConvertToString());
        router.SendMoreFrame(request[0].ToByteArray()).SendFrame("re: " + text);
        Assert.True(dealer.TryReceiveFrameString(Arrives, out string? reply), $"the client received no reply within {Arrives.TotalSeconds} s");
        Assert.Equal("re: " + text, reply);
    }
}
