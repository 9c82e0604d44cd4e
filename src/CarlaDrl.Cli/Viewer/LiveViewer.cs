using System.Diagnostics;
using System.Globalization;
using CarlaDrl.Driving.Tasks;
using OpenCvSharp;

namespace CarlaDrl.Cli.Viewer;

/// <summary>
/// The real-time window (<c>--view</c>): its own thread composes and shows the newest snapshot a producer offered and
/// drops the older ones, at most <see cref="MaxFps"/> times a second, so the producer (training, an evaluation, a drive)
/// only pays for one small copy per step. Keys in the window: q closes the viewer (the work goes on), p pauses the
/// producer (its next offer waits until p again), s saves a screenshot PNG. All HighGUI calls stay on the viewer thread.
/// </summary>
internal sealed class LiveViewer : IDisposable
{
    public const string WindowName = "carla-drl";

    private readonly object _gate = new();
    private readonly Action<string> _log;
    private readonly string _screenshotDirectory;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _resumed = new(true);
    private readonly AutoResetEvent _offered = new(false);
    private readonly TaskCompletionSource<string?> _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ViewSnapshot _back = new();
    private ViewSnapshot _front = new();
    private bool _fresh;
    private volatile bool _closed;
    private volatile string? _status;
    private long _offers;
    private long _shown;
    private long _copyTicks;
    private long _drawTicks;

    private LiveViewer(string screenshotDirectory, double maxFps, Action<string> log)
    {
        _screenshotDirectory = screenshotDirectory;
        MaxFps = maxFps;
        _log = log;
        _thread = new Thread(Loop) { IsBackground = true, Name = "carla-drl viewer" };
    }

    public double MaxFps { get; }

    /// <summary>False once the window is closed (q, the window's close button, an error) or never opened.</summary>
    public bool IsOpen => !_closed;

    /// <summary>Snapshots offered by the producer and frames shown (the rest were dropped as stale).</summary>
    public (long Offered, long Shown) Counts => (Interlocked.Read(ref _offers), Interlocked.Read(ref _shown));

    /// <summary>Time the producer spent copying its snapshots, and the viewer thread composing and showing frames.</summary>
    public (TimeSpan Copying, TimeSpan Drawing) Costs =>
        (Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _copyTicks)), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _drawTicks)));

    /// <summary>The status line (training: steps, SPS), shown from the next frame on.</summary>
    public string? Status
    {
        get => _status;
        set => _status = value;
    }

    /// <summary>
    /// Opens the window, or explains why it cannot (no display): then returns null and the caller goes on headless.
    /// </summary>
    public static LiveViewer? TryOpen(string screenshotDirectory, Action<string> log, double maxFps = 20)
    {
        string? missing = Displays.WhyNoDisplay();
        if (missing is not null)
        {
            log($"--view: {missing}; continuing headless (use --record out.mp4 for a video, or run under xvfb-run).");
            return null;
        }

        var viewer = new LiveViewer(screenshotDirectory, maxFps, log);
        viewer._thread.Start();
        string? error = viewer._opened.Task.GetAwaiter().GetResult();
        if (error is not null)
        {
            viewer.Dispose();
            log($"--view: the window could not open ({error}); continuing headless (use --record out.mp4 for a video).");
            return null;
        }

        log($"--view: window '{WindowName}' open (q closes it, p pauses, s saves a screenshot to {screenshotDirectory}).");
        return viewer;
    }

    /// <summary>A monitor for a <see cref="DrivingEnv"/> that offers its every reset and step to this viewer.</summary>
    public IDrivingEnvMonitor Monitor(string source) => new EnvMonitor(this, source);

    /// <summary>
    /// Called on the producer's thread: <paramref name="fill"/> writes the newest state (from <paramref name="state"/>)
    /// into the spare snapshot. Blocks while the viewer is paused; a no-op once the viewer is closed.
    /// </summary>
    public void Offer<TState>(TState state, Action<ViewSnapshot, TState> fill)
    {
        if (_closed)
        {
            return;
        }

        _resumed.Wait();
        long start = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            fill(_back, state);
            _fresh = true;
        }

        Interlocked.Add(ref _copyTicks, Stopwatch.GetTimestamp() - start);
        Interlocked.Increment(ref _offers);
        _offered.Set();
    }

    /// <summary>Closes the window from any thread and releases a paused producer (Ctrl+C while paused must still stop the work).</summary>
    public void Close()
    {
        _closed = true;
        _resumed.Set();
        _offered.Set();
    }

    public void Dispose()
    {
        _closed = true;
        _resumed.Set();
        _offered.Set();
        if (_thread.IsAlive && !_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _log("--view: the viewer thread did not end within 5 s.");
        }
    }

    private void Loop()
    {
        using var composer = new ViewComposer();
        using Mat frame = ViewComposer.NewFrame();
        try
        {
            Cv2.NamedWindow(WindowName, WindowFlags.AutoSize);
            Cv2.ImShow(WindowName, frame);
            Cv2.WaitKey(1);
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException or DllNotFoundException or TypeInitializationException)
        {
            _closed = true;
            _opened.TrySetResult(e.Message);
            return;
        }

        _opened.TrySetResult(null);
        long minTicks = (long)(Stopwatch.Frequency / MaxFps);
        long last = 0;
        bool paused = false;
        bool any = false;
        try
        {
            while (!_closed)
            {
                // Keys and window events are served even while nothing new arrives (paused producer, an evaluation).
                _offered.WaitOne(TimeSpan.FromMilliseconds(30));
                if (_closed)
                {
                    break;
                }

                long now = Stopwatch.GetTimestamp();
                bool show = false;
                if (now - last >= minTicks)
                {
                    lock (_gate)
                    {
                        if (_fresh)
                        {
                            (_front, _back) = (_back, _front);
                            _fresh = false;
                            show = true;
                        }
                    }
                }

                if (show || (paused && any))
                {
                    last = now;
                    any = true;
                    _front.Status = _status;
                    _front.Paused = paused;
                    composer.Compose(_front, frame);
                    Cv2.ImShow(WindowName, frame);
                    Interlocked.Add(ref _drawTicks, Stopwatch.GetTimestamp() - now);
                    if (show)
                    {
                        Interlocked.Increment(ref _shown);
                    }
                }

                int key = Cv2.WaitKey(1);
                if (key >= 0)
                {
                    switch ((char)(key & 0xFF))
                    {
                        case 'q' or 'Q' or (char)27:
                            _log("--view: viewer closed (q); the work goes on.");
                            _closed = true;
                            break;
                        case 'p' or 'P' or ' ':
                            paused = !paused;
                            if (paused)
                            {
                                _resumed.Reset();
                                _log("--view: paused (p resumes).");
                            }
                            else
                            {
                                _resumed.Set();
                                _log("--view: resumed.");
                            }

                            break;
                        case 's' or 'S':
                            Screenshot(frame);
                            break;
                    }
                }
                else if (Cv2.GetWindowProperty(WindowName, WindowPropertyFlags.AutoSize) < 0)
                {
                    _log("--view: window closed; the work goes on.");
                    _closed = true;
                }
            }
        }
        catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
        {
            _log($"--view: the viewer stopped ({e.Message}); the work goes on.");
        }
        finally
        {
            _closed = true;
            _resumed.Set();
            try
            {
                Cv2.DestroyWindow(WindowName);
                Cv2.WaitKey(1);
            }
            catch (Exception e) when (e is OpenCVException or OpenCvSharpException)
            {
                // The window is already gone.
            }
        }
    }

    private void Screenshot(Mat frame)
    {
        try
        {
            Directory.CreateDirectory(_screenshotDirectory);
            string path = Path.Combine(_screenshotDirectory, string.Create(CultureInfo.InvariantCulture, $"viewer-{DateTime.Now:yyyyMMdd-HHmmss-fff}.png"));
            if (!Cv2.ImWrite(path, frame))
            {
                throw new IOException($"OpenCV could not write {path}.");
            }

            _log($"--view: screenshot {path}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OpenCVException)
        {
            _log($"--view: screenshot failed: {e.Message}");
        }
    }

    private sealed class EnvMonitor(LiveViewer viewer, string source) : IDrivingEnvMonitor
    {
        private readonly string _source = source;
        private long _episode;

        public bool WantsAgents => viewer.IsOpen;

        public void Observe(DrivingEnv env)
        {
            if (viewer.IsOpen)
            {
                viewer.Offer((Monitor: this, Env: env), static (snapshot, state) => snapshot.CaptureFrom(state.Env, state.Monitor._source, ref state.Monitor._episode));
            }
        }
    }
}
