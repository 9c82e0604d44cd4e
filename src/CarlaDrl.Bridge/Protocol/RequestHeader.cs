using MessagePack;

namespace CarlaDrl.Bridge.Protocol;

/// <summary>The <c>type</c> and <c>seq</c> of a message, read in a first pass over its map (keys may come in any order).</summary>
internal readonly record struct RequestHeader(string Type, ulong Seq)
{
    private static readonly string[] KnownTypes =
    [
        BridgeProtocol.Types.Hello, BridgeProtocol.Types.NewEpisode, BridgeProtocol.Types.Scene, BridgeProtocol.Types.StartEpisode,
        BridgeProtocol.Types.Step, BridgeProtocol.Types.ReadFrame, BridgeProtocol.Types.Frame, BridgeProtocol.Types.Heartbeat,
        BridgeProtocol.Types.Busy, BridgeProtocol.Types.Close, BridgeProtocol.Types.Bye, BridgeProtocol.Types.Error,
    ];

    /// <summary>Reads the header; <paramref name="seq"/> holds the sequence number even when the type is missing.</summary>
    /// <exception cref="BridgeProtocolException">not a map, or no string <c>type</c>.</exception>
    public static RequestHeader Read(ReadOnlyMemory<byte> body, out ulong seq)
    {
        var reader = new MessagePackReader(body);
        seq = 0;
        string? type = null;
        int n = Wire.ReadMapHeader(ref reader, "the message");
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<byte> key = Wire.ReadKey(ref reader);
            if (Wire.Is(key, "type"u8))
            {
                ReadOnlySpan<byte> value = Wire.ReadKey(ref reader);
                type = Intern(value);
            }
            else if (Wire.Is(key, "seq"u8))
            {
                seq = Wire.ReadUInt(ref reader, "seq");
            }
            else
            {
                reader.Skip();
            }
        }

        return new RequestHeader(type ?? throw new BridgeProtocolException("the message has no 'type'."), seq);
    }

    /// <summary>The constant string of a known type (no allocation per message); unknown types are allocated.</summary>
    private static string Intern(ReadOnlySpan<byte> utf8)
    {
        foreach (string known in KnownTypes)
        {
            if (utf8.Length == known.Length && System.Text.Encoding.ASCII.GetByteCount(known) == utf8.Length && Equal(utf8, known))
            {
                return known;
            }
        }

        return Wire.KeyText(utf8);
    }

    private static bool Equal(ReadOnlySpan<byte> utf8, string ascii)
    {
        for (int i = 0; i < ascii.Length; i++)
        {
            if (utf8[i] != ascii[i])
            {
                return false;
            }
        }

        return true;
    }
}
