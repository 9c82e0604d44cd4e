using System.Buffers.Binary;
using CarlaDrl.Carla.Protocol;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CarlaDrl.Carla.Tests;

/// <summary>Length-prefixed framing (spec §3) at arbitrary split points, zero-length messages, size guard and truncation.</summary>
public sealed class FramingTests
{
    [Property(MaxTest = 300)]
    public void Every_message_comes_back_whole_whatever_the_split_points(byte[][] bodies, PositiveInt[] chunks)
    {
        bodies = (bodies ?? []).Select(b => b ?? []).ToArray();
        byte[] stream = Frame(bodies);
        var reader = new MessageReader(new ChunkedStream(stream, (chunks ?? []).Select(c => c.Get % 97).ToArray()), "test");
        foreach (byte[] body in bodies)
        {
            Assert.Equal(body, reader.Read().ToArray());
        }

        Assert.False(reader.HasBufferedBytes);
        Assert.Throws<EndOfStreamException>(() => reader.Read());
    }

    [Property(MaxTest = 200)]
    public void A_batch_of_appends_is_the_same_bytes_as_one_write_per_message(byte[][] bodies)
    {
        bodies = (bodies ?? []).Select(b => b ?? []).ToArray();
        byte[] batched = TestVectorTests.Framed(w =>
        {
            foreach (byte[] body in bodies)
            {
                w.Append(body);
            }
        }, flush: true);
        byte[] single = TestVectorTests.Framed(w =>
        {
            foreach (byte[] body in bodies)
            {
                w.Write(body);
            }
        });
        Assert.Equal(Frame(bodies), batched);
        Assert.Equal(Frame(bodies), single);
    }

    [Property(MaxTest = 200)]
    public void A_stream_cut_inside_a_message_is_a_clear_protocol_error(NonEmptyArray<byte> body, PositiveInt cut)
    {
        byte[] framed = Frame([body.Get]);
        int length = 1 + (cut.Get % (framed.Length - 1)); // 1 .. framed.Length - 1: always inside the message
        var reader = new MessageReader(new ChunkedStream(framed[..length], [3]), "127.0.0.1:2001 (stream port)");
        var error = Assert.Throws<CarlaProtocolException>(() => reader.Read());
        Assert.Contains("closed inside", error.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:2001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_length_messages_read_as_empty_bodies_between_others()
    {
        byte[] stream = Frame([[], [1, 2, 3], [], []]);
        var reader = new MessageReader(new MemoryStream(stream), "test");
        Assert.True(reader.Read().IsEmpty);
        Assert.Equal(new byte[] { 1, 2, 3 }, reader.Read().ToArray());
        Assert.True(reader.Read().IsEmpty);
        Assert.True(reader.Read().IsEmpty);
    }

    [Fact]
    public void An_absurd_length_fails_at_once_naming_the_length_and_the_limit()
    {
        // "GET " as a length prefix: someone spoke HTTP to the port.
        var reader = new MessageReader(new MemoryStream("GET / HTTP/1.1\r\n"u8.ToArray()), "127.0.0.1:2000 (world port)");
        var error = Assert.Throws<CarlaProtocolException>(() => reader.Read());
        Assert.Contains($"{BinaryPrimitives.ReadUInt32LittleEndian("GET "u8)} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"limit of {MessageReader.DefaultMaxMessageBytes} bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_size_guard_is_configurable_and_admits_8K_camera_frames_by_default()
    {
        Assert.True(MessageReader.DefaultMaxMessageBytes >= 4 + 24 + (4 * 7680 * 4320));
        byte[] stream = Frame([new byte[100], new byte[101]]);
        var reader = new MessageReader(new MemoryStream(stream), "test", maxMessageBytes: 100);
        Assert.Equal(100, reader.Read().Length);
        Assert.Throws<CarlaProtocolException>(() => reader.Read());
    }

    [Fact]
    public void A_large_message_after_small_ones_grows_the_buffer()
    {
        byte[] big = Enumerable.Range(0, 3_000_000).Select(i => (byte)i).ToArray();
        var reader = new MessageReader(new ChunkedStream(Frame([[7], big, [8]]), [65_536, 1, 5000]), "test");
        Assert.Equal(new byte[] { 7 }, reader.Read().ToArray());
        Assert.True(big.AsSpan().SequenceEqual(reader.Read().Span));
        Assert.Equal(new byte[] { 8 }, reader.Read().ToArray());
    }

    private static byte[] Frame(IEnumerable<byte[]> bodies)
    {
        var stream = new MemoryStream();
        var prefix = new byte[4];
        foreach (byte[] body in bodies)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)body.Length);
            stream.Write(prefix);
            stream.Write(body);
        }

        return stream.ToArray();
    }
}
