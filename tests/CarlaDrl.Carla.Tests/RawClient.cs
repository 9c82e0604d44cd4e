using System.Net;
using System.Net.Sockets;
using CarlaDrl.Carla.Protocol;
using Google.Protobuf;

namespace CarlaDrl.Carla.Tests;

/// <summary>A bare protocol peer for tests: one socket, framed reads and writes, and raw bytes for garbage.</summary>
internal sealed class RawClient : IDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private RawClient(Socket socket)
    {
        _socket = socket;
        _socket.ReceiveTimeout = 15_000;
        _socket.SendTimeout = 15_000;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = new MessageReader(_stream, $"test:{((IPEndPoint)socket.RemoteEndPoint!).Port}");
        Writer = new MessageWriter(_stream, "test");
    }

    public MessageReader Reader { get; }

    public MessageWriter Writer { get; }

    /// <summary>One connection attempt, no retry: the port must already listen.</summary>
    public static RawClient Connect(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(IPAddress.Loopback, port);
        return new RawClient(socket);
    }

    public void Send(IMessage message) => Writer.Write(message.ToByteArray());

    public void SendRaw(byte[] bytes) => _stream.Write(bytes);

    public T Read<T>(MessageParser<T> parser)
        where T : IMessage<T> => parser.ParseFrom(Reader.Read().Span);

    /// <summary>True when the server closed the connection (read returns end of stream) within the timeout.</summary>
    public bool ClosedByPeer(TimeSpan timeout)
    {
        _socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            var buffer = new byte[1024];
            while (true)
            {
                if (_stream.Read(buffer) == 0)
                {
                    return true;
                }
            }
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _stream.Dispose();
}
