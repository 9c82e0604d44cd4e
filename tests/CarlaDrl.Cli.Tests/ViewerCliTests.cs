using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarlaDrl.Cli.Viewer;
using CarlaDrl.TestKit;
using OpenCvSharp;

namespace CarlaDrl.Cli.Tests;

/// <summary>
/// The viewer's frames as videos (<c>evaluate --record</c>, <c>train --record-every</c>, <c>drive --record</c>), the
/// headless fallback of <c>--view</c>, and the window itself under Xvfb with real key presses (xdotool).
/// </summary>
public sealed partial class ViewerCliTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private static readonly string[] Tiny = TrainCommandTests.Tiny;

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"carla-drl-viewer-{Guid.NewGuid():N}");

    public ViewerCliTests()
    {
        Directory.CreateDirectory(_dir);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Evaluate_record_writes_one_frame_per_reset_and_step_of_the_policys_episodes_and_changes_no_result()
    {
        string checkpoint = TrainTiny("evaluated", "--set", "run.eval_episodes=0");
        string video = Path.Combine(_dir, "out", "eval.mp4"), withVideo = Path.Combine(_dir, "with.json"), without = Path.Combine(_dir, "without.json");
        string[] common = ["evaluate", "--checkpoint", checkpoint, "--episodes", "2", "--no-baselines", "--set", "scenario.number_of_vehicles=3"];
        ProcessResult recorded = ChildProcess.RunCli(Timeout, [.. common, "--record", video, "--json", withVideo]);
        Assert.True(recorded.ExitCode == 0, recorded.ToString());
        ProcessResult plain = ChildProcess.RunCli(Timeout, [.. common, "--json", without]);
        Assert.True(plain.ExitCode == 0, plain.ToString());

        int[] steps = EpisodeSteps(withVideo);
        Assert.Equal(2, steps.Length);
        int expected = steps.Sum() + steps.Length; // a frame after each reset and after each step
        Assert.Contains($"({expected} frames of 1120x384 at 10 fps)", recorded.StandardOutput, StringComparison.Ordinal);
        (int frames, Size size, double fps) = ReadBack(video);
        Assert.Equal(expected, frames);
        Assert.Equal(new Size(1120, 384), size);
        Assert.Equal(10, fps, 3);

        // Watching asks the world for its traffic; the drive itself must not change.
        Assert.Equal(Reports(without), Reports(withVideo));
    }

    [Fact]
    public void Sigterm_during_evaluate_record_leaves_a_playable_video_of_what_was_recorded()
    {
        string checkpoint = TrainTiny("interrupted", "--set", "run.eval_episodes=0");
        string video = Path.Combine(_dir, "cut.mp4");
        using var evaluate = BackgroundProcess.StartCli(["evaluate", "--checkpoint", checkpoint, "--episodes", "200", "--no-baselines", "--record", video]);
        evaluate.WaitForLine(l => l.StartsWith("Evaluating ", StringComparison.Ordinal), Timeout);
        Thread.Sleep(TimeSpan.FromSeconds(2));
        Assert.Equal(0, Signals.Send(evaluate.Id, Signals.Terminate));
        Assert.True(evaluate.WaitForExit(TimeSpan.FromMinutes(1)), evaluate.Output);
        Assert.Equal(130, evaluate.ExitCode);
        Match said = Regex.Match(evaluate.Output, @"Interrupted; the video .* holds the (\d+) frames recorded so far\.");
        Assert.True(said.Success, evaluate.Output);
        (int frames, Size size, _) = ReadBack(video);
        Assert.Equal(int.Parse(said.Groups[1].Value, CultureInfo.InvariantCulture), frames);
        Assert.True(frames > 0);
        Assert.Equal(new Size(1120, 384), size);
    }

    [Fact]
    public void Train_record_every_writes_a_video_of_the_first_held_out_route_at_each_multiple_and_at_the_end()
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, ["train", .. Tiny, "--set", $"run.runs_dir={_dir}", "--name", "videos", "--set", "run.total_timesteps=384", "--set", "run.eval_episodes=1", "--set", "run.eval_every=0", "--record-every", "256"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        string videos = Path.Combine(_dir, "videos", "videos");
        Assert.Equal(["step_000000000256.mp4", "step_000000000384.mp4"], Directory.GetFiles(videos).Select(Path.GetFileName).Order());
        foreach (string path in Directory.GetFiles(videos))
        {
            Match logged = Regex.Match(result.StandardOutput, $@"video @ [\d,]+: {Regex.Escape(path)} \((\d+) frames; route \d+→\d+");
            Assert.True(logged.Success, result.StandardOutput);
            (int frames, Size size, _) = ReadBack(path);
            Assert.Equal(int.Parse(logged.Groups[1].Value, CultureInfo.InvariantCulture), frames);
            Assert.True(frames >= 2, $"{frames} frames");
            Assert.Equal(new Size(1120, 384), size);
        }

        Assert.Contains("record_every: 256", File.ReadAllText(Path.Combine(_dir, "videos", "config.yaml")), StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_recording_requests_fail_naming_what_is_wrong()
    {
        ProcessResult extension = ChildProcess.RunCli(Timeout, "drive", "--seconds", "1", "--record", Path.Combine(_dir, "drive.mkv"));
        Assert.Equal(2, extension.ExitCode);
        Assert.Contains("drive.mkv", extension.StandardError, StringComparison.Ordinal);
        Assert.Contains(".mp4", extension.StandardError, StringComparison.Ordinal);

        ProcessResult noEvaluations = ChildProcess.RunCli(Timeout, ["train", .. Tiny, "--set", $"run.runs_dir={_dir}", "--set", "run.eval_episodes=0", "--record-every", "128"]);
        Assert.Equal(2, noEvaluations.ExitCode);
        Assert.Contains("run.record_every", noEvaluations.StandardError, StringComparison.Ordinal);
        Assert.Contains("run.eval_episodes", noEvaluations.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Drive_record_writes_the_drive_with_a_camera_and_view_without_a_display_says_so_and_goes_on()
    {
        string video = Path.Combine(_dir, "drive.avi");
        using var drive = BackgroundProcess.StartCli(null, new Dictionary<string, string> { ["DISPLAY"] = "", ["WAYLAND_DISPLAY"] = "" }, "drive", "--seconds", "3", "--view", "--record", video, "--vehicles", "5");
        Assert.True(drive.WaitForExit(Timeout), drive.Output);
        Assert.True(drive.ExitCode == 0, drive.Output);
        Assert.Contains("--view: no display (DISPLAY is not set); continuing headless", drive.Output, StringComparison.Ordinal);
        Assert.Contains("Done: 30 frames", drive.Output, StringComparison.Ordinal);
        (int frames, Size size, _) = ReadBack(video);
        Assert.Equal(31, frames); // the first frame and one per tick
        Assert.Equal(new Size(1120, 384), size);
    }

    [Fact]
    public void Under_xvfb_the_window_opens_and_answers_its_keys_while_the_drive_goes_on()
    {
        using var display = XvfbDisplay.Start();
        string work = Path.Combine(_dir, "work");
        Directory.CreateDirectory(work);
        using var drive = BackgroundProcess.StartCli(work, new Dictionary<string, string> { ["DISPLAY"] = display.Name }, "drive", "--seconds", "40", "--realtime", "--view", "--vehicles", "5", "--every", "100");
        drive.WaitForLine(l => l.Contains("--view: window 'carla-drl' open", StringComparison.Ordinal), Timeout);
        display.Key("s");
        string shot = drive.WaitForLine(l => l.Contains("--view: screenshot ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        string path = shot[(shot.IndexOf("--view: screenshot ", StringComparison.Ordinal) + "--view: screenshot ".Length)..].Trim();
        Assert.StartsWith(Path.Combine(work, "screenshots"), path, StringComparison.Ordinal);
        using (Mat png = Cv2.ImRead(path))
        {
            Assert.Equal(new Size(1120, 384), png.Size());
        }

        display.Key("p");
        drive.WaitForLine(l => l.Contains("--view: paused", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        display.Key("p");
        drive.WaitForLine(l => l.Contains("--view: resumed", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        display.Key("q");
        drive.WaitForLine(l => l.Contains("--view: viewer closed (q); the work goes on.", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.False(drive.HasExited, drive.Output);
        Assert.Equal(0, Signals.Send(drive.Id, Signals.Interrupt)); // Ctrl+C ends the drive itself
        Assert.True(drive.WaitForExit(TimeSpan.FromSeconds(60)), drive.Output);
        Assert.Equal(0, drive.ExitCode);
        Assert.Contains("Done:", drive.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_xvfb_ctrl_c_while_the_viewer_pauses_training_still_saves_a_checkpoint()
    {
        using var display = XvfbDisplay.Start();
        using var train = BackgroundProcess.StartCli(null, new Dictionary<string, string> { ["DISPLAY"] = display.Name },
            ["train", .. Tiny, "--set", $"run.runs_dir={_dir}", "--name", "paused", "--set", "run.total_timesteps=100000000", "--set", "run.eval_episodes=0", "--set", "run.log_every_seconds=0.1", "--view"]);
        train.WaitForLine(l => l.Contains("--view: window 'carla-drl' open", StringComparison.Ordinal), Timeout);
        train.WaitForLine(l => l.Contains("step 128/", StringComparison.Ordinal), Timeout);
        display.Key("p");
        train.WaitForLine(l => l.Contains("--view: paused", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Equal(0, Signals.Send(train.Id, Signals.Interrupt));
        Assert.True(train.WaitForExit(TimeSpan.FromMinutes(2)), train.Output);
        Assert.Equal(130, train.ExitCode);
        Assert.Contains("Interrupted at step", train.Output, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_dir, "paused", "checkpoints"), "checkpoint_*.zip"));
    }

    private string TrainTiny(string name, params string[] arguments)
    {
        ProcessResult result = ChildProcess.RunCli(Timeout, ["train", .. Tiny, "--set", $"run.runs_dir={_dir}", "--name", name, "--set", "run.total_timesteps=128", .. arguments]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return Directory.GetFiles(Path.Combine(_dir, name, "checkpoints"), "checkpoint_*.zip").Max()!;
    }

    private static int[] EpisodeSteps(string json)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        return [.. document.RootElement.GetProperty("reports")[0].GetProperty("episodes").EnumerateArray().Select(e => e.GetProperty("Steps").GetInt32())];
    }

    private static string Reports(string json)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(json));
        return document.RootElement.GetProperty("reports").GetRawText();
    }

    /// <summary>Frame count (by decoding every frame), size and rate of a video, read back with OpenCV.</summary>
    internal static (int Frames, Size Size, double Fps) ReadBack(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        using var capture = new VideoCapture(path);
        Assert.True(capture.IsOpened(), $"OpenCV cannot open {path}");
        double fps = capture.Fps;
        var size = new Size(capture.FrameWidth, capture.FrameHeight);
        int frames = 0;
        using var frame = new Mat();
        while (capture.Read(frame) && !frame.Empty())
        {
            Assert.Equal(size, frame.Size());
            frames++;
        }

        return (frames, size, fps);
    }

    /// <summary>An Xvfb server on a free display number, and key presses into the focused viewer window (xdotool).</summary>
    private sealed class XvfbDisplay : IDisposable
    {
        private readonly Process _server;

        private XvfbDisplay(Process server, string name)
        {
            _server = server;
            Name = name;
        }

        public string Name { get; }

        public static XvfbDisplay Start()
        {
            foreach (string tool in new[] { "Xvfb", "xdotool" })
            {
                Assert.True(Which(tool), $"{tool} is not installed: scripts/setup.sh installs xvfb and xdotool (apt-get install xvfb xdotool).");
            }

            for (int number = 150 + Random.Shared.Next(600); ; number++)
            {
                if (File.Exists($"/tmp/.X11-unix/X{number}") || File.Exists($"/tmp/.X{number}-lock"))
                {
                    continue;
                }

                var server = Process.Start(new ProcessStartInfo("Xvfb", [$":{number}", "-screen", "0", "1280x720x24", "-nolisten", "tcp"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
                server.BeginErrorReadLine();
                server.BeginOutputReadLine();
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromSeconds(10) && !server.HasExited && !File.Exists($"/tmp/.X11-unix/X{number}"))
                {
                    Thread.Sleep(50);
                }

                if (!server.HasExited && File.Exists($"/tmp/.X11-unix/X{number}"))
                {
                    return new XvfbDisplay(server, $":{number}");
                }

                server.Dispose(); // taken meanwhile: try the next number
            }
        }

        /// <summary>Focuses the viewer window and types one key (there is no window manager to give it focus).</summary>
        public void Key(string key)
        {
            var environment = new Dictionary<string, string> { ["DISPLAY"] = Name };
            string window = Run(["search", "--name", LiveViewer.WindowName], environment).Split('\n', StringSplitOptions.RemoveEmptyEntries)[0];
            Run(["windowfocus", "--sync", window], environment);
            Run(["key", key], environment);
        }

        public void Dispose()
        {
            if (!_server.HasExited)
            {
                _server.Kill();
                _server.WaitForExit();
            }

            _server.Dispose();
        }

        private static string Run(string[] arguments, Dictionary<string, string> environment)
        {
            var info = new ProcessStartInfo("xdotool", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach ((string k, string v) in environment)
            {
                info.Environment[k] = v;
            }

            using Process process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(15_000), $"xdotool {string.Join(' ', arguments)} hung");
            Assert.True(process.ExitCode == 0, $"xdotool {string.Join(' ', arguments)}: exit {process.ExitCode}: {output}{error}");
            return output;
        }

        private static bool Which(string tool) =>
            (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));
    }
}
