using System.Net;
using CarlaDrl.Envs;
using CarlaDrl.Learning.Algorithms;
using CarlaDrl.Learning.Metrics;
using CarlaDrl.Learning.Networks;

namespace CarlaDrl.Learning.Tests;

public sealed class MetricsSinkTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "carladrl-metrics-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute("123456789"u8)); // RFC 3720 / the CRC catalogue's check value
    }

    [Fact]
    public void The_event_file_is_valid_TFRecords_with_unix_wall_times_and_64_bit_steps()
    {
        long big = (1L << 31) + 7, huge = 1L << 40;
        string path;
        using (var sink = new TensorBoardSink(_directory))
        {
            path = sink.FilePath;
            sink.Scalar("train/loss", 0.25, 0);
            sink.Scalar("rollout/ep_rew_mean", -12.5, big);
            sink.Scalar("time/fps", 512, huge);
            sink.Text("hyperparameters", "lr = 3e-4", 1024);
            sink.Flush();
        }

        Assert.Matches(@"^events\.out\.tfevents\.\d{10}\." + System.Text.RegularExpressions.Regex.Escape(Dns.GetHostName()) + "$", Path.GetFileName(path));
        var events = TfEventReader.Read(path);
        Assert.Equal(5, events.Count);
        Assert.Equal(TensorBoardSink.FileVersion, events[0].FileVersion);
        double now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        Assert.All(events, e => Assert.InRange(e.WallTime, now - 10, now + 1));

        Assert.Equal((0L, "train/loss", 0.25f), (events[1].Step, events[1].Values[0].Tag, events[1].Values[0].SimpleValue!.Value));
        Assert.Equal((big, "rollout/ep_rew_mean", -12.5f), (events[2].Step, events[2].Values[0].Tag, events[2].Values[0].SimpleValue!.Value));
        Assert.Equal((huge, 512f), (events[3].Step, events[3].Values[0].SimpleValue!.Value));
        var text = events[4].Values[0];
        Assert.Equal(("hyperparameters", "text", "lr = 3e-4"), (text.Tag, text.PluginName, text.Text));
        Assert.Equal(1024, events[4].Step);
    }

    [Fact]
    public void Tensorflows_own_event_schema_parses_the_records()
    {
        // TorchSharp ships protoc-generated classes of tensorflow's event.proto/summary.proto: an independent decoder.
        string path;
        using (var sink = new TensorBoardSink(_directory))
        {
            path = sink.FilePath;
            sink.Scalar("train/std", 0.985, 3L << 33);
            sink.Text("notes", "héllo", 7);
        }

        var events = TfEventReader.Records(path).Select(r => Tensorboard.Event.Parser.ParseFrom(r)).ToList();
        Assert.Equal("brain.Event:2", events[0].FileVersion);
        Assert.Equal((3L << 33, "train/std", 0.985f), (events[1].Step, events[1].Summary.Value[0].Tag, events[1].Summary.Value[0].SimpleValue));
        var text = events[2].Summary.Value[0];
        Assert.Equal("text", text.Metadata.PluginData.PluginName);
        Assert.Equal("héllo", text.Tensor.StringVal[0].ToStringUtf8());
        Assert.Equal(1, text.Tensor.TensorShape.Dim[0].Size);
        Assert.Equal(Tensorboard.DataType.DtString, text.Tensor.Dtype);
    }

    [Fact]
    public void A_second_writer_in_the_same_second_gets_its_own_file()
    {
        using var first = new TensorBoardSink(_directory);
        using var second = new TensorBoardSink(_directory);
        Assert.NotEqual(first.FilePath, second.FilePath);
    }

    [Fact]
    public void Ppo_writes_its_metrics_to_tensorboard_and_csv()
    {
        string csv = Path.Combine(_directory, "progress.csv");
        string eventFile;
        using (var env = ToyEnvs.Identity(numEnvs: 2, episodeLength: 10))
        using (var tensorBoard = new TensorBoardSink(_directory))
        using (var sink = new CompositeSink(tensorBoard, new CsvSink(csv)))
        using (var ppo = new Ppo<NDArray<float>>(env, new PpoConfig { NSteps = 20, BatchSize = 8, NEpochs = 1, Policy = PolicyConfig.Mlp }, sink))
        {
            eventFile = tensorBoard.FilePath;
            ppo.Learn(80);
        }

        var scalars = TfEventReader.Read(eventFile).SelectMany(e => e.Values.Select(v => (e.Step, v))).Where(p => p.v.SimpleValue is not null).ToList();
        Assert.Equal([40L, 80L], scalars.Where(p => p.v.Tag == "train/approx_kl").Select(p => p.Step));
        Assert.Equal([40L, 80L], scalars.Where(p => p.v.Tag == "rollout/ep_rew_mean").Select(p => p.Step));

        var lines = File.ReadAllLines(csv);
        Assert.Equal(CsvSink.Header, lines[0]);
        Assert.Contains(lines, l => l.Split(',') is [_, "80", "train/value_loss", _]);
    }
}
