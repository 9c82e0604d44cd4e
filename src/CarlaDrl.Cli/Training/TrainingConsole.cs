using System.Globalization;
using CarlaDrl.Driving.Evaluation;
using Spectre.Console;

namespace CarlaDrl.Cli.Training;

/// <summary>Text for a run's progress, shared by the plain and the live console.</summary>
internal static class TrainingText
{
    public static string Duration(TimeSpan? span) => span is not TimeSpan t ? "–"
        : t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{t.Seconds}s";

    public static string Percent(double? value) => value is double v ? string.Create(CultureInfo.InvariantCulture, $"{100 * v:0.0}%") : "–";

    public static string Number(double? value, string format = "0.0") => value is double v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Line(TrainingStatus s) => string.Create(CultureInfo.InvariantCulture,
        $"step {s.Steps:N0}/{s.TotalSteps:N0} ({100 * s.Fraction:0.0}%) | {s.StepsPerSecond:0} steps/s | ETA {Duration(s.Eta)} | episodes {s.Episodes:N0} | ep_rew_mean {Number(s.MeanReturn)} | ep_len_mean {Number(s.MeanLength, "0")} | route completion {Percent(s.RouteCompletion)} | success {Percent(s.SuccessRate)} | RSS {s.RssMegabytes:0} MB");

    public static string Evaluation(EvaluationReport r, long step, bool best) => string.Create(CultureInfo.InvariantCulture,
        $"eval @ {step:N0}: {r.Episodes.Count} held-out routes, route completion {Percent(r.RouteCompletion)}, success {Percent(r.SuccessRate)}, collision/off-road {Percent(r.CollisionOrOffRoadRate)}, mean speed {r.MeanSpeed:0.0} m/s, mean return {r.MeanReturn:0.0}{(best ? " (new best → best.zip)" : "")}");
}

/// <summary>Plain lines, for logs and redirected output: every message and evaluation, and a status line every run.log_every_seconds.</summary>
internal sealed class PlainTrainingProgress(TextWriter output, double everySeconds) : ITrainingProgress
{
    private readonly Lock _gate = new(); // env threads report reconnects while the trainer reports progress
    private DateTime _lastLine = DateTime.MinValue;

    public void Message(string text) => Write(text);

    public void Iteration(TrainingStatus status)
    {
        if ((DateTime.UtcNow - _lastLine).TotalSeconds >= everySeconds || status.Steps >= status.TotalSteps)
        {
            _lastLine = DateTime.UtcNow;
            Write(TrainingText.Line(status));
        }
    }

    public void Evaluated(EvaluationReport report, long step, bool best) => Write(TrainingText.Evaluation(report, step, best));

    private void Write(string text)
    {
        lock (_gate)
        {
            output.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
            output.Flush();
        }
    }
}

/// <summary>A live Spectre.Console panel on a terminal: progress, rates, episode statistics, last evaluation, recent messages.</summary>
internal sealed class LiveTrainingProgress : ITrainingProgress
{
    private readonly Table _table = new Table().Border(TableBorder.Rounded).AddColumn("").AddColumn("").HideHeaders();
    private readonly List<string> _messages = [];
    private readonly Lock _gate = new(); // env threads report reconnects while the trainer reports progress
    private LiveDisplayContext? _context;
    private TrainingStatus? _status;
    private string _evaluation = "–";

    public LiveTrainingProgress(string title) => _table.Title(title);

    /// <summary>Runs <paramref name="work"/> under the live display.</summary>
    public T Run<T>(Func<T> work)
    {
        T result = default!;
        AnsiConsole.Live(_table).AutoClear(false).Start(context =>
        {
            lock (_gate)
            {
                _context = context;
                Render();
            }

            result = work();
        });
        lock (_gate)
        {
            _context = null;
        }

        return result;
    }

    public void Message(string text)
    {
        lock (_gate)
        {
            if (_context is null)
            {
                AnsiConsole.WriteLine(text);
                return;
            }

            _messages.Add($"[{DateTime.Now:HH:mm:ss}] {text}");
            if (_messages.Count > 4)
            {
                _messages.RemoveAt(0);
            }

            Render();
        }
    }

    public void Iteration(TrainingStatus status)
    {
        lock (_gate)
        {
            _status = status;
            Render();
        }
    }

    public void Evaluated(EvaluationReport report, long step, bool best)
    {
        lock (_gate)
        {
            _evaluation = TrainingText.Evaluation(report, step, best);
            Render();
        }
    }

    private void Render()
    {
        if (_context is null)
        {
            return;
        }

        _table.Rows.Clear();
        if (_status is TrainingStatus s)
        {
            int filled = (int)Math.Round(30 * s.Fraction);
            Row("Steps", string.Create(CultureInfo.InvariantCulture, $"{new string('█', filled)}{new string('░', 30 - filled)} {s.Steps:N0} / {s.TotalSteps:N0} ({100 * s.Fraction:0.0}%)"));
            Row("Speed", string.Create(CultureInfo.InvariantCulture, $"{s.StepsPerSecond:0} steps/s, elapsed {TrainingText.Duration(s.Elapsed)}, ETA {TrainingText.Duration(s.Eta)}"));
            Row("Episodes", string.Create(CultureInfo.InvariantCulture, $"{s.Episodes:N0}; mean return {TrainingText.Number(s.MeanReturn)}, mean length {TrainingText.Number(s.MeanLength, "0")} (last 100)"));
            Row("Driving", $"route completion {TrainingText.Percent(s.RouteCompletion)}, success {TrainingText.Percent(s.SuccessRate)} (last rollout)");
            Row("Memory", string.Create(CultureInfo.InvariantCulture, $"RSS {s.RssMegabytes:0} MB"));
        }
        else
        {
            Row("Steps", "collecting the first rollout…");
        }

        Row("Evaluation", _evaluation);
        foreach (string message in _messages)
        {
            Row("", message);
        }

        _context.Refresh();
    }

    private void Row(string label, string value) => _table.AddRow(new Markup($"[bold]{Markup.Escape(label)}[/]"), new Text(value));
}
