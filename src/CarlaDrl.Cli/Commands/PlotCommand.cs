using System.CommandLine;
using System.Globalization;
using ScottPlot;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl plot</c>: learning curves of one or more runs as a PNG: held-out evaluation route completion and
/// success rate (from <c>evaluations.csv</c>) and the training episodes' route completion (<c>driving/route_completion</c>
/// in <c>metrics.csv</c>, a moving average over 5 rollouts), against environment steps.
/// </summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run directories (runs/<name>).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "PNG file to write.", DefaultValueFactory = _ => "learning-curve.png" };
        var title = new Option<string?>("--title") { Description = "Plot title." };
        var width = new Option<int>("--width") { Description = "Image width, pixels.", DefaultValueFactory = _ => 1000 };
        var height = new Option<int>("--height") { Description = "Image height, pixels.", DefaultValueFactory = _ => 560 };
        var command = new Command("plot", "Plot learning curves of runs (held-out route completion and success, training route completion) to a PNG.");
        command.Arguments.Add(runs);
        foreach (Option option in new Option[] { output, title, width, height })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() => Run(result.GetValue(runs)!, result.GetValue(output)!, result.GetValue(title), result.GetValue(width), result.GetValue(height))));
        return command;
    }

    private static int Run(string[] runs, string output, string? title, int width, int height)
    {
        if (width is < 200 or > 8000 || height is < 150 or > 8000)
        {
            throw new ArgumentException($"--width/--height {width}×{height} are out of range; allowed: 200..8000 × 150..8000 pixels.");
        }

        var plot = new Plot();
        Color[] palette = [Colors.C0, Colors.C1, Colors.C2, Colors.C3, Colors.C4, Colors.C5];
        for (int r = 0; r < runs.Length; r++)
        {
            string run = runs[r];
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(run)));
            string evaluations = Path.Combine(run, "evaluations.csv"), metrics = Path.Combine(run, "metrics.csv");
            if (!File.Exists(evaluations) && !File.Exists(metrics))
            {
                throw new FileNotFoundException($"{run} is not a run directory: it has neither evaluations.csv nor metrics.csv.", evaluations);
            }

            Color color = palette[r % palette.Length];
            if (File.Exists(evaluations))
            {
                var rows = File.ReadLines(evaluations).Skip(1).Select(l => l.Split(',')).Where(c => c.Length > 4).ToList();
                double[] steps = [.. rows.Select(c => Parse(c[1]))];
                var completion = plot.Add.Scatter(steps, [.. rows.Select(c => 100 * Parse(c[3]))]);
                completion.Color = color;
                completion.LineWidth = 2.5f;
                completion.MarkerSize = 6;
                completion.LegendText = $"{name}: held-out route completion";
                var success = plot.Add.Scatter(steps, [.. rows.Select(c => 100 * Parse(c[4]))]);
                success.Color = color;
                success.LineWidth = 1.5f;
                success.MarkerSize = 4;
                success.LinePattern = LinePattern.Dotted;
                success.LegendText = $"{name}: held-out success";
            }

            if (File.Exists(metrics))
            {
                var points = File.ReadLines(metrics).Skip(1).Select(l => l.Split(','))
                    .Where(c => c.Length == 4 && c[2] == "driving/route_completion")
                    .Select(c => (Step: Parse(c[1]), Value: 100 * Parse(c[3]))).ToList();
                if (points.Count > 0)
                {
                    double[] smoothed = [.. points.Select((_, i) => points.Skip(Math.Max(0, i - 4)).Take(Math.Min(5, i + 1)).Average(p => p.Value))];
                    var training = plot.Add.Scatter(points.Select(p => p.Step).ToArray(), smoothed);
                    training.Color = color.WithAlpha(0.55);
                    training.LineWidth = 1.5f;
                    training.MarkerSize = 0;
                    training.LinePattern = LinePattern.Dashed;
                    training.LegendText = $"{name}: training route completion (5-rollout mean)";
                }
            }
        }

        plot.Title(title ?? "PPO learning curves");
        plot.XLabel("environment steps");
        plot.YLabel("%");
        plot.Axes.SetLimitsY(0, 102);
        plot.ShowLegend(Alignment.LowerRight);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(output));
        Directory.CreateDirectory(directory!);
        plot.SavePng(output, width, height);
        System.Console.WriteLine($"Wrote {output} ({runs.Length} run{(runs.Length == 1 ? "" : "s")}).");
        return 0;
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
