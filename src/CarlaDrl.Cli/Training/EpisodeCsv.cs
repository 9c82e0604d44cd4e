using System.Globalization;
using System.Text;

namespace CarlaDrl.Cli.Training;

/// <summary>
/// <c>episodes.csv</c>: one row per finished training episode (wall time in Unix seconds, the step count at the end of
/// the rollout it finished in, env, return, length, reason, route, driving metrics, then one column per reward term).
/// Appends on resume; the columns are fixed by the reward preset, so a resumed run keeps them.
/// </summary>
internal sealed class EpisodeCsv : IDisposable
{
    private static readonly string[] DrivingColumns =
    [
        "driving/route_completion", "driving/distance_m", "driving/route_length_m", "driving/mean_speed",
        "driving/collision_impulse", "driving/off_road_frames", "driving/other_lane_frames",
    ];

    private static readonly string[] LeadingColumns = ["wall_time", "step", "episode", "env", "return", "length", "reason", "start", "goal"];

    private readonly StreamWriter _writer;
    private readonly IReadOnlyList<string> _rewardKeys;

    public EpisodeCsv(string path, IReadOnlyList<string> rewardKeys)
    {
        _rewardKeys = rewardKeys;
        bool isNew = !File.Exists(path) || new FileInfo(path).Length == 0;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read), new UTF8Encoding(false));
        if (isNew)
        {
            _writer.WriteLine(string.Join(',', LeadingColumns
                .Concat(DrivingColumns.Select(c => c["driving/".Length..])).Concat(rewardKeys)));
        }
    }

    public void Write(EpisodeRecord episode, long step, long number)
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0:0.000},{step},{number},{episode.Env},{episode.Return:R},{episode.Length},{episode.Reason},{episode.Start},{episode.Goal}");
        foreach (string key in DrivingColumns.Concat(_rewardKeys))
        {
            line.Append(',');
            if (episode.Metrics.TryGetValue(key, out double value))
            {
                line.Append(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }

        _writer.WriteLine(line);
    }

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
