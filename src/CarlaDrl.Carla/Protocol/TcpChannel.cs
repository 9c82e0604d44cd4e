using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CarlaDrl.Carla.Protocol;

/// <summary>
/// One TCP connection of the protocol with its framing: Nagle off (a frame is one write and must leave at once),
/// send and receive timeouts, a <see cref="MessageReader"/> and a <see cref="MessageWriter"/>. Owns the socket.
/// </summary>
internal sealed class TcpChannel : IDisposable
{
    private readonly NetworkStream _stream;

    private TcpChannel(Socket socket, string name, TimeSpan timeout, int maxMessageBytes)
    {
        Socket = socket;
        Name = name;
        socket.NoDelay = true;
        int ms = TimeoutMilliseconds(timeout);
        socket.ReceiveTimeout = ms;
        socket.SendTimeout = ms;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Reader = new MessageReader(_stream, name, maxMessageBytes);
        Writer = new MessageWriter(_stream, name);
    }

    public Socket Socket { get; }

    /// <summary>e.g. "127.0.0.1:2001 (stream port)".</summary>
    public string Name { get; }

    public MessageReader Reader { get; }

    public MessageWriter Writer { get; }

    public static TcpChannel FromAccepted(Socket socket, string role, TimeSpan timeout, int maxMessageBytes) =>
        new(socket, $"{socket.RemoteEndPoint} ({role})", timeout, maxMessageBytes);

    /// <summary>
    /// Connects like the official client's <c>TCPClient.connect</c> (spec §13): up to <paramref name="attempts"/> tries,
    /// each bounded by <paramref name="timeout"/>, sleeping <paramref name="retryDelay"/> after each failure.
    /// </summary>
    /// <exception cref="IOException">every attempt failed; the message names host, port and the last error.</exception>
    public static TcpChannel Connect(string host, int port, string role, TimeSpan timeout, int attempts, TimeSpan retryDelay, int maxMessageBytes, CancellationToken cancel)
    {
        Exception? last = null;
        for (int attempt = 1; attempt <= Math.Max(1, attempts); attempt++)
        {
            cancel.ThrowIfCancellationRequested();
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                connectTimeout.CancelAfter(timeout);
                if (IPAddress.TryParse(host, out IPAddress? address))
                {
                    socket.ConnectAsync(new IPEndPoint(address, port), connectTimeout.Token).AsTask().GetAwaiter().GetResult();
                }
                else
                {
                    socket.ConnectAsync(host, port, connectTimeout.Token).AsTask().GetAwaiter().GetResult();
                }

                return new TcpChannel(socket, $"{host}:{port} ({role})", timeout, maxMessageBytes);
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
            {
                socket.Dispose();
                last = e is OperationCanceledException ? new TimeoutException($"no answer within {timeout.TotalSeconds:0.#} s") : e;
                if (attempt < attempts)
                {
                    cancel.WaitHandle.WaitOne(retryDelay);
                }
            }
        }

        throw new IOException($"({host}:{port}) failed to connect to the {role} after {Math.Max(1, attempts)} attempts: {last?.Message}", last);
    }

    /// <summary>True when the peer closed its side (readable with nothing to read) or the socket broke.</summary>
    public bool PeerClosed()
    {
        try
        {
            return !Reader.HasBufferedBytes && Socket.Poll(0, SelectMode.SelectRead) && Socket.Available == 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>
    /// Busy-polls for up to <paramref name="spin"/> until bytes arrive; true when they did. On loopback a lockstep
    /// peer answers within tens of microseconds, well before a blocked thread would wake up; zero skips the spin.
    /// </summary>
    public bool SpinUntilReadable(TimeSpan spin)
    {
        if (Reader.HasBufferedBytes)
        {
            return true;
        }

        if (spin <= TimeSpan.Zero)
        {
            return false;
        }

        long end = Stopwatch.GetTimestamp() + (long)(spin.TotalSeconds * Stopwatch.Frequency);
        try
        {
            do
            {
                if (Socket.Available > 0)
                {
                    return true;
                }

                Thread.Yield();
            }
            while (Stopwatch.GetTimestamp() < end);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true; // the read that follows reports what broke
        }

        return false;
    }

    /// <summary>True when a message (or the end of the connection) can be read without waiting.</summary>
    public bool Readable(TimeSpan wait)
    {
        if (Reader.HasBufferedBytes)
        {
            return true;
        }

        try
        {
            return Socket.Poll(TimeoutMicroseconds(wait), SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return true; // the read that follows reports what broke
        }
    }

    public void Dispose()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // already closed by the peer
        }

        _stream.Dispose();
    }

    internal static int TimeoutMilliseconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan || timeout <= TimeSpan.Zero ? 0 : (int)Math.Min(timeout.TotalMilliseconds, int.MaxValue);

    internal static int TimeoutMicroseconds(TimeSpan timeout) =>
        timeout == Timeout.InfiniteTimeSpan ? -1 : (int)Math.Clamp(timeout.TotalMicroseconds, 0, int.MaxValue);
}
