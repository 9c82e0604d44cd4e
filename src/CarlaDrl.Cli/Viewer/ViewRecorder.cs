using CarlaDrl.Driving.Tasks;
using OpenCvSharp;

namespace CarlaDrl.Cli.Viewer;

/// <summary>
/// Writes the viewer's composed frames (<see cref="ViewComposer"/>) to a video: <c>.mp4</c> with the mp4v codec or
/// <c>.avi</c> with MJPG (ENVIRONMENT.md: H.264 and WebM are not available). Every offered frame is written, on the
/// caller's thread, at <c>fps</c> frames per second of video (the simulation rate, so the video plays in real time).
/// </summary>
internal sealed class ViewRecorder : IDisposable
{
    private readonly ViewComposer _composer = new();
    private readonly Mat _frame = ViewComposer.NewFrame();
    private readonly ViewSnapshot _snapshot = new();
    private readonly VideoWriter _video;

    public ViewRecorder(string path, double fps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (fps is <= 0 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "The video frame rate must be in (0, 1000].");
        }

        string extension = System.IO.Path.GetExtension(path).ToLowerInvariant();
        FourCC codec = extension switch
        {
            ".mp4" => FourCC.FromString("mp4v"),
            ".avi" => FourCC.MJPG,
            _ => throw new ArgumentException($"Cannot record '{path}': the video must end in .mp4 (mp4v) or .avi (MJPG)."),
        };
        Path = System.IO.Path.GetFullPath(path);
        string? directory = System.IO.Path.GetDirectoryName(Path);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _video = new VideoWriter(Path, codec, fps, ViewComposer.FrameSize);
        if (!_video.IsOpened())
        {
            _video.Dispose();
            Dispose();
            throw new IOException($"OpenCV could not open '{Path}' for writing ({(codec == FourCC.FromString("mp4v") ? "mp4v" : "MJPG")}); check that the directory is writable.");
        }
    }

    public string Path { get; }

    public int Frames { get; private set; }

    /// <summary>A monitor for a <see cref="DrivingEnv"/> that writes a frame for its every reset and step.</summary>
    public IDrivingEnvMonitor Monitor(string source, Func<string?>? status = null) => new EnvMonitor(this, source, status);

    /// <summary>Composes and writes one frame.</summary>
    public void Write(ViewSnapshot snapshot)
    {
        _composer.Compose(snapshot, _frame);
        _video.Write(_frame);
        Frames++;
    }

    public void Dispose()
    {
        if (_video is { IsDisposed: false })
        {
            _video.Release();
            _video.Dispose();
        }

        _frame.Dispose();
        _composer.Dispose();
    }

    private sealed class EnvMonitor(ViewRecorder recorder, string source, Func<string?>? status) : IDrivingEnvMonitor
    {
        private long _episode;

        public bool WantsAgents => true;

        public void Observe(DrivingEnv env)
        {
            if (env.EpisodeSteps == 0 && env.WorldDown is null)
            {
                _episode++;
            }

            recorder._snapshot.CaptureFrom(env, source, _episode);
            recorder._snapshot.Status = status?.Invoke();
            recorder.Write(recorder._snapshot);
        }
    }
}
