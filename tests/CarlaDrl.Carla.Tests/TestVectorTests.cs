using CarlaDrl.Carla.Protocol;
using CarlaDrl.Carla.Sensors;
using CarlaDrl.Driving.Geometry;
using CarlaDrl.Driving.World;
using Google.Protobuf;
using Wire = CarlaDrl.Carla.Protocol.Messages;

namespace CarlaDrl.Carla.Tests;

/// <summary>Every byte test vector of spec §11: our encoding is byte-identical, and decoding gives the values back.</summary>
public sealed class TestVectorTests
{
    private const string SceneHex =
        "5f000000" +
        "0a1f" + "0a0f0d0000c03f15000020401d0000803e" + "12050d0000803f" + "1a05150000b442" +
        "0a10" + "0a0a0d000040c01500008040" + "1200" + "1a00" +
        "12120d4433221110011a0943616d657261524742" +
        "120e0d8877665510021a054c69646172" +
        "1a06546f776e3031";

    private const string MeasurementsHex =
        "83000000" +
        "08c0c407" +
        "1a36" +
        "0a150a0f0d00002041150000a0411d0000003f12001a00" +
        "1a00" +
        "250000b040" +
        "520a0dcdcccc3d150000003f" +
        "620a0a060a0012001a001200" +
        "222f0d07000000" +
        "12280a060a0012001a001d00004040" + "22190a060a0012001a00120f0d00000040150000803f1d0000403f" +
        "22110d09000000" +
        "220a0a060a0012001a001002" +
        "28e807";

    private const string CameraHex = "2c000000" + "44332211" + "e803000000000000" + "02000000" + "02000000" + "01000000" + "0000b442" + "000102030405060708090a0b0c0d0e0f";

    [Fact]
    public void RequestNewEpisode_matches_the_vector()
    {
        byte[] bytes = Framed(w => w.Write(new Wire.RequestNewEpisode { IniFile = "[CARLA/Server]\nSynchronousMode=True\n" }));
        Assert.Equal("26000000" + "0a24" + "5b4341524c412f5365727665725d0a53796e6368726f6e6f75734d6f64653d547275650a", Hex(bytes));
        Assert.Equal("[CARLA/Server]\nSynchronousMode=True\n", Wire.RequestNewEpisode.Parser.ParseFrom(ReadOne(bytes).Span).IniFile);
    }

    [Fact]
    public void EpisodeStart_1_and_EpisodeReady_true_are_the_same_bytes()
    {
        Assert.Equal("020000000801", Hex(Framed(w => w.Write(new Wire.EpisodeStart { PlayerStartSpotIndex = 1 }))));
        Assert.Equal("020000000801", Hex(Framed(w => w.Write(new Wire.EpisodeReady { Ready = true }))));
        Assert.Equal(1u, Wire.EpisodeStart.Parser.ParseFrom(Bytes("0801")).PlayerStartSpotIndex);
        Assert.True(Wire.EpisodeReady.Parser.ParseFrom(Bytes("0801")).Ready);
    }

    [Fact]
    public void EpisodeStart_0_default_control_and_the_terminator_are_a_bare_zero_prefix()
    {
        Assert.Equal("00000000", Hex(Framed(w => w.Write(new Wire.EpisodeStart()))));
        var control = new Wire.Control();
        WireConvert.Fill(control, VehicleControl.Neutral);
        Assert.Equal("00000000", Hex(Framed(w => w.Write(control))));
        Assert.Equal("00000000", Hex(Framed(w =>
        {
            w.AppendEmpty();
            w.Flush();
        })));
        Assert.True(ReadOne(Bytes("00000000")).IsEmpty);
        Assert.Equal(VehicleControl.Neutral, WireConvert.ToControl(Wire.Control.Parser.ParseFrom(ReadOnlySpan<byte>.Empty)));
    }

    [Fact]
    public void Control_matches_the_vector()
    {
        var control = new Wire.Control();
        WireConvert.Fill(control, new VehicleControl(-0.25f, 1f, 0f, HandBrake: true));
        byte[] bytes = Framed(w => w.Write(control));
        Assert.Equal("0c000000" + "0d000080be" + "150000803f" + "2001", Hex(bytes));
        Assert.Equal(new VehicleControl(-0.25f, 1f, 0f, true, false), WireConvert.ToControl(Wire.Control.Parser.ParseFrom(ReadOne(bytes).Span)));
    }

    [Fact]
    public void SceneDescription_matches_the_vector()
    {
        var scene = new SceneDescription(
            "Town01",
            [
                new Transform(new Vector3D(1.5f, 2.5f, 0.25f), new Vector3D(1, 0, 0), new Rotation3D(0, 90, 0)),
                new Transform(new Vector3D(-3, 4, 0), Vector3D.Zero, Rotation3D.Zero),
            ],
            [new SensorInfo(0x11223344, SensorType.Camera, "CameraRGB"), new SensorInfo(0x55667788, SensorType.LidarRayCast, "Lidar")]);
        byte[] bytes = Framed(w => w.Write(WireConvert.ToMessage(scene, scene.Sensors)));
        Assert.Equal(SceneHex, Hex(bytes));

        SceneDescription decoded = WireConvert.FromMessage(Wire.SceneDescription.Parser.ParseFrom(ReadOne(bytes).Span));
        Assert.Equal("Town01", decoded.MapName);
        Assert.Equal(scene.PlayerStartSpots, decoded.PlayerStartSpots);
        Assert.Equal(scene.Sensors, decoded.Sensors);
    }

    [Fact]
    public void Measurements_match_the_vector()
    {
        var m = new Measurements { PlatformTimestamp = 123456, GameTimestamp = 0, FrameNumber = 1000 };
        PlayerMeasurements p = m.PlayerMeasurements;
        p.Transform = new Transform(new Vector3D(10, 20, 0.5f), Vector3D.Zero, Rotation3D.Zero);
        p.ForwardSpeed = 5.5f;
        p.AutopilotControl = new VehicleControl(0.1f, 0.5f, 0);
        m.NonPlayerAgents.Add(new NonPlayerAgent(7, AgentKind.Vehicle, default, new BoundingBox(default, new Vector3D(2, 1, 0.75f)), 3, default, 0));
        m.NonPlayerAgents.Add(new NonPlayerAgent(9, AgentKind.TrafficLight, default, default, 0, TrafficLightState.Red, 0));
        var encoder = new MeasurementsEncoder();
        byte[] bytes = Framed(w => w.Write(encoder.Encode(m)));
        Assert.Equal(MeasurementsHex, Hex(bytes));
        Assert.Equal(MeasurementsHex, Hex(Framed(w => w.Write(encoder.Encode(m))))); // reused message objects, same bytes

        var decoded = new Measurements();
        WireConvert.CopyTo(Wire.Measurements.Parser.ParseFrom(ReadOne(bytes).Span), decoded);
        Assert.Equal(1000ul, decoded.FrameNumber);
        Assert.Equal(123456u, decoded.PlatformTimestamp);
        Assert.Equal(p.Transform, decoded.PlayerMeasurements.Transform);
        Assert.Equal(5.5f, decoded.PlayerMeasurements.ForwardSpeed);
        Assert.Equal(p.AutopilotControl, decoded.PlayerMeasurements.AutopilotControl);
        Assert.Equal(m.NonPlayerAgents, decoded.NonPlayerAgents);
    }

    [Fact]
    public void Camera_blob_matches_the_vector()
    {
        byte[] pixels = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var image = new CameraImage(0x11223344, "CameraRGB", 2, 2, PostProcessing.SceneFinal, 90f);
        image.BeginWrite(1000, rgbWritten: false);
        pixels.CopyTo(image.Bgra);
        byte[] bytes = Framed(w => CameraBlob.Encode(0x11223344, image, w.Reserve(CameraBlob.MessageLength(2, 2))), flush: true);
        Assert.Equal(CameraHex, Hex(bytes));

        ReadOnlySpan<byte> body = ReadOne(bytes).Span;
        CameraImage decoded = CameraBlob.Decode(body[4..], 0x11223344, "CameraRGB");
        Assert.Equal((2, 2, PostProcessing.SceneFinal, 90f, 1000ul), (decoded.Width, decoded.Height, decoded.ImageType, decoded.FovDegrees, decoded.FrameNumber));
        Assert.Equal(pixels, decoded.Bgra);
        Assert.Equal(new byte[] { 2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12 }, decoded.Rgb.ToArray());
    }

    [Fact]
    public void Lidar_blob_matches_the_vector_and_cuts_the_frame_to_16_bits()
    {
        var scan = new LidarMeasurement(0x55667788, "Lidar", 2, 3) { HorizontalAngle = 36f, PointCount = 3, FrameNumber = 1000 };
        scan.PointsPerChannel[0] = 1;
        scan.PointsPerChannel[1] = 2;
        for (int i = 0; i < 9; i++)
        {
            scan.Points[i] = i + 1;
        }

        byte[] bytes = Framed(w => LidarBlob.Encode(0x55667788, scan, w.Reserve(LidarBlob.MessageLength(scan))), flush: true);
        string points = string.Concat(Enumerable.Range(1, 9).Select(v => Hex(BitConverter.GetBytes((float)v))));
        Assert.Equal("40000000" + "88776655" + "e803000000000000" + "00001042" + "02000000" + "01000000" + "02000000" + points, Hex(bytes));
        Assert.StartsWith("0000803f", points, StringComparison.Ordinal);
        Assert.EndsWith("00001041", points, StringComparison.Ordinal);

        LidarMeasurement decoded = LidarBlob.Decode(ReadOne(bytes).Span[4..], 0x55667788, "Lidar");
        Assert.Equal((36f, 2, 3, 1000ul), (decoded.HorizontalAngle, decoded.ChannelCount, decoded.PointCount, decoded.FrameNumber));
        Assert.Equal(new uint[] { 1, 2 }, decoded.PointsPerChannel);
        Assert.Equal(scan.Points[..9], decoded.Points[..9]);

        scan.FrameNumber = 0x1_2345_6789;
        byte[] cut = Framed(w => LidarBlob.Encode(0x55667788, scan, w.Reserve(LidarBlob.MessageLength(scan))), flush: true);
        Assert.Equal("8967000000000000", Hex(cut.AsSpan(8, 8).ToArray()));
    }

    [Fact]
    public void Proto_message_with_a_deprecated_orientation_still_round_trips_it()
    {
        var t = new Transform(new Vector3D(1, 2, 3), new Vector3D(0, 1, 0), new Rotation3D(0, 90, 0));
        Wire.Transform message = WireConvert.NewTransform(t);
        Assert.Equal(t, WireConvert.ToTransform(Wire.Transform.Parser.ParseFrom(message.ToByteArray())));
    }

    internal static byte[] Framed(Action<MessageWriter> write, bool flush = false)
    {
        using var stream = new MemoryStream();
        var writer = new MessageWriter(stream, "test");
        write(writer);
        if (flush)
        {
            writer.Flush();
        }

        return stream.ToArray();
    }

    internal static ReadOnlyMemory<byte> ReadOne(byte[] framed) => new MessageReader(new MemoryStream(framed), "test").Read().ToArray();

    internal static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    internal static byte[] Bytes(string hex) => Convert.FromHexString(hex);
}
