using CarlaDrl.Driving.Tasks;
using OpenCvSharp;

namespace CarlaDrl.Cli.Viewer;

/// <summary>
/// Writes the viewer's composed frames (<see cref="ViewComposer"/>) to a video (<see cref="VideoFiles"/>: <c>.mp4</c> mp4v or
/// <c>.avi</c> MJPG). Every offered frame is written, on the caller's thread, at <c>fps</c> frames per second of video (the simulation rate, so the video plays in real time).
/// </summary>
internal sealed class ViewRecorder : IDisposable
{
    private readonly ViewComposer _composer = new();
    private readonly Mat _frame = ViewComposer.NewFrame();
    private readonly ViewSnapshot _snapshot = new();
    private readonly VideoWriter _video;

    public ViewRecorder(string path, double fps)
    {
        Path = System.IO.Path.GetFullPath(path);
        try
        {
            _video = VideoFiles.Open(Path, fps, ViewComposer.FrameSize);
        }
        catch
        {
            Dispose();
            throw;
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
        if (_video is { IsDisposed: false }) // null when the file could not be opened
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
            recorder._snapshot.CaptureFrom(env, source, ref _episode);
            recorder._snapshot.Status = status?.Invoke();
            recorder.Write(recorder._snapshot);
        }
    }
}
