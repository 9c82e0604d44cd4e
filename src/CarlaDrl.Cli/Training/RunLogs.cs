using System.Globalization;
using System.Text;

namespace CarlaDrl.Cli.Training;

/// <summary>
/// The CSV logs of a run directory (<see cref="TrainingRun"/>) as series against environment steps: <c>metrics.csv</c>
/// (step, key, value), <c>episodes.csv</c> (one row per training episode) and <c>evaluations.csv</c> (one row per
/// held-out evaluation). Columns are found by their header names (the reward-term columns of <c>episodes.csv</c>
/// follow the reward preset). A run still being written is read up to its last complete line, a resumed run's rows
/// replace those it logs again; a missing file reads as empty, but a directory with none of the three is no run.
/// </summary>
internal sealed class RunLogs
{
    public const string MetricsFile = "metrics.csv";
    public const string EpisodesFile = "episodes.csv";
    public const string EvaluationsFile = "evaluations.csv";

    // EpisodeRecorder keeps episodes cut by a lost world connection on record; the learner neither trains on them nor
    // counts them, and their outcome says nothing about the policy.
    private const string ConnectionLostReason = "connection_lost";

    private readonly Table _metrics;
    private readonly Table _episodes;
    private readonly Table _evaluations;

    private RunLogs(string directory, Table metrics, Table episodes, Table evaluations)
    {
        Directory = directory;
        Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        (_metrics, _episodes, _evaluations) = (metrics, episodes, evaluations);
    }

    /// <summary>The directory as given.</summary>
    public string Directory { get; }

    /// <summary>The run's name: the directory's last component.</summary>
    public string Name { get; }

    /// <summary>Reads a run directory; <see cref="IOException"/> naming it when it does not exist or holds none of the logs.</summary>
    public static RunLogs Read(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"{directory} is not a run directory: it does not exist.");
        }

        string[] files = [MetricsFile, EpisodesFile, EvaluationsFile];
        if (!files.Any(f => File.Exists(Path.Combine(directory, f))))
        {
            throw new FileNotFoundException($"{directory} is not a run directory: it has none of {string.Join(", ", files)}.", directory);
        }

        return new RunLogs(directory, Table.Read(Path.Combine(directory, MetricsFile)), Table.Read(Path.Combine(directory, EpisodesFile)), Table.Read(Path.Combine(directory, EvaluationsFile)));
    }

    /// <summary>A scalar of <c>metrics.csv</c> (e.g. <c>time/fps</c>), one point per time it was logged.</summary>
    public Series Metric(string key)
    {
        int step = _metrics.Column("step"), name = _metrics.Column("key"), value = _metrics.Column("value");
        return step < 0 || name < 0 || value < 0 ? Series.Empty : Collect(_metrics.Rows.Where(r => r[name] == key), step, Cell(value));
    }

    /// <summary>A numeric column of <c>episodes.csv</c> (e.g. <c>return</c>, <c>route_completion</c>), one point per training episode.</summary>
    public Series Episodes(string column)
    {
        int step = _episodes.Column("step"), value = _episodes.Column(column);
        return step < 0 || value < 0 ? Series.Empty : Collect(CountedEpisodes(), step, Cell(value));
    }

    /// <summary>1 for each training episode that ended for one of <paramref name="reasons"/> (<c>episodes.csv</c> <c>reason</c>), 0 for the others.</summary>
    public Series EpisodesEndedBy(params string[] reasons)
    {
        int step = _episodes.Column("step"), reason = _episodes.Column("reason");
        return step < 0 || reason < 0 ? Series.Empty : Collect(CountedEpisodes(), step, row => reasons.Contains(row[reason]) ? 1 : 0);
    }

    /// <summary>A numeric column of <c>evaluations.csv</c> (e.g. <c>success_rate</c>), one point per held-out evaluation.</summary>
    public Series Evaluations(string column)
    {
        int step = _evaluations.Column("step"), value = _evaluations.Column(column);
        return step < 0 || value < 0 ? Series.Empty : Collect(_evaluations.Rows, step, Cell(value));
    }

    private IEnumerable<string[]> CountedEpisodes()
    {
        int reason = _episodes.Column("reason");
        return reason < 0 ? _episodes.Rows : _episodes.Rows.Where(r => r[reason] != ConnectionLostReason);
    }

    // Cells left empty (a metric an episode did not report) or unreadable are skipped, not read as zero.
    private static Func<string[], double?> Cell(int column) => row => TryParse(row[column], out double value) ? value : null;

    /// <summary>
    /// The points in file order. A step lower than the last one means a resumed run logging again what it logged after
    /// the checkpoint it resumed from (docs/training.md, "A run directory"): the later rows replace those.
    /// </summary>
    private static Series Collect(IEnumerable<string[]> rows, int step, Func<string[], double?> value)
    {
        var steps = new List<double>();
        var values = new List<double>();
        foreach (string[] row in rows)
        {
            if (!TryParse(row[step], out double s) || value(row) is not double v)
            {
                continue;
            }

            if (steps.Count > 0 && s < steps[^1])
            {
                int keep = steps.FindLastIndex(kept => kept < s) + 1;
                steps.RemoveRange(keep, steps.Count - keep);
                values.RemoveRange(keep, values.Count - keep);
            }

            steps.Add(s);
            values.Add(v);
        }

        return new Series([.. steps], [.. values]);
    }

    private static bool TryParse(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>A CSV file's header and its complete rows (as many cells as the header; no quoting: our logs have none).</summary>
    private sealed class Table
    {
        private static readonly Table Missing = new([], []);
        private readonly Dictionary<string, int> _columns;

        private Table(string[] header, List<string[]> rows)
        {
            _columns = header.Select((name, index) => (name, index)).GroupBy(c => c.name).ToDictionary(g => g.Key, g => g.First().index);
            Rows = rows;
        }

        public List<string[]> Rows { get; }

        public int Column(string name) => _columns.TryGetValue(name, out int index) ? index : -1;

        public static Table Read(string path)
        {
            if (!File.Exists(path))
            {
                return Missing;
            }

            // The trainer may be appending right now: share the file, and drop a last line that has no newline yet.
            string text;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var reader = new StreamReader(stream, Encoding.UTF8))
            {
                text = reader.ReadToEnd();
            }

            string[] lines = text.Split('\n');
            int complete = lines.Length - 1; // the part after the last '\n': empty, or a line still being written
            if (complete < 1)
            {
                return Missing;
            }

            string[] header = lines[0].TrimEnd('\r').Split(',');
            var rows = new List<string[]>(complete);
            for (int i = 1; i < complete; i++)
            {
                string[] cells = lines[i].TrimEnd('\r').Split(',');
                if (cells.Length == header.Length)
                {
                    rows.Add(cells);
                }
            }

            return new Table(header, rows);
        }
    }
}
