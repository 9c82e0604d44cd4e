using System.Buffers;
using MessagePack;
using NetMQ;
using NetMQ.Sockets;

namespace CarlaDrl.Bridge.Tests;

/// <summary>A hand-driven DEALER peer: sends arbitrary bytes or msgpack maps and reads replies as generic maps.</summary>
internal sealed class RawPeer : IDisposable
{
    private readonly DealerSocket _socket = new();

    public RawPeer(string endpoint)
    {
        _socket.Options.Linger = TimeSpan.Zero;
        _socket.Connect(endpoint);
    }

    public void SendBytes(byte[] bytes) => _socket.SendFrame(bytes);

    /// <summary>Sends a map built from key/value pairs (values: string, long, bool, double, null, nested maps as Dictionary, lists as object[]).</summary>
    public void Send(params (string Key, object? Value)[] fields) => SendBytes(Pack(fields.ToDictionary(f => f.Key, f => f.Value)));

    public static byte[] Pack(Dictionary<string, object?> map)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var w = new MessagePackWriter(buffer);
        Write(ref w, map);
        w.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The next reply as a dictionary (msgpack-numpy maps and nested maps as dictionaries).</summary>
    public Dictionary<object, object?> Receive(TimeSpan? timeout = null)
    {
        Assert.True(_socket.TryReceiveFrameBytes(timeout ?? TimeSpan.FromSeconds(10), out byte[]? bytes), "no reply from the bridge");
        return (Dictionary<object, object?>)MessagePackSerializer.Deserialize<object>(bytes!, MessagePack.Resolvers.ContractlessStandardResolver.Options)!;
    }

    public bool TryReceive(TimeSpan timeout) => _socket.TryReceiveFrameBytes(timeout, out _);

    public void Dispose() => _socket.Dispose();

    private static void Write(ref MessagePackWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNil(); break;
            case string s: w.Write(s); break;
            case bool b: w.Write(b); break;
            case int i: w.Write(i); break;
            case long l: w.Write(l); break;
            case double d: w.Write(d); break;
            case float f: w.Write(f); break;
            case byte[] bin: w.Write(bin); break;
            case Dictionary<string, object?> map:
                w.WriteMapHeader(map.Count);
                foreach ((string k, object? v) in map)
                {
                    w.Write(k);
                    Write(ref w, v);
                }

                break;
            case object[] list:
                w.WriteArrayHeader(list.Length);
                foreach (object? item in list)
                {
                    Write(ref w, item);
                }

                break;
            default: throw new ArgumentException($"cannot pack {value.GetType().Name}");
        }
    }
}
