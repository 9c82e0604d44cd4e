using System.CommandLine;
using System.Globalization;
using CarlaDrl.Cli.Training;
using CarlaDrl.Learning.Metrics;
using ScottPlot;

namespace CarlaDrl.Cli.Commands;

/// <summary>
/// <c>carla-drl plot</c>: learning curves of one or more runs as one PNG, a panel per metric (<see cref="LearningCurvePanel"/>:
/// episode reward, route completion, success, collision or off-road, training speed) against environment steps. Each
/// run keeps one colour in every panel; solid lines are training (a moving mean over the last N training episodes),
/// markers the held-out evaluations.
/// </summary>
internal static class PlotCommand
{
    private const float TitleHeight = 36;

    public static Command Create()
    {
        var runs = new Argument<string[]>("runs") { Description = "Run directories (runs/<name>).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "PNG file to write.", DefaultValueFactory = _ => "learning-curve.png" };
        var title = new Option<string?>("--title") { Description = "Figure title." };
        var width = new Option<int>("--width") { Description = "Image width, pixels.", DefaultValueFactory = _ => 1400 };
        var height = new Option<int>("--height") { Description = "Image height, pixels.", DefaultValueFactory = _ => 1100 };
        var smooth = new Option<int>("--smooth") { Description = "Training curves: moving mean over the last N training episodes (SB3's ep_rew_mean uses 100).", DefaultValueFactory = _ => EpisodeTracker.DefaultWindowSize };
        var metrics = new Option<string>("--metrics") { Description = $"Panels to draw, comma-separated, in this order: {LearningCurvePanel.AllowedNames}.", DefaultValueFactory = _ => LearningCurvePanel.AllowedNames };
        var command = new Command("plot", "Plot learning curves of runs (episode reward, route completion, success, collision or off-road, steps/s; training and held-out) to one PNG.");
        command.Arguments.Add(runs);
        foreach (Option option in new Option[] { output, title, width, height, smooth, metrics })
        {
            command.Options.Add(option);
        }

        command.SetAction(result => CliErrors.Guard(() => Run(
            result.GetValue(runs)!, result.GetValue(output)!, result.GetValue(title), result.GetValue(width), result.GetValue(height), result.GetValue(smooth), result.GetValue(metrics)!)));
        return command;
    }

    private static int Run(string[] runDirectories, string output, string? title, int width, int height, int smooth, string metrics)
    {
        if (width is < 200 or > 8000 || height is < 150 or > 8000)
        {
            throw new ArgumentException($"--width/--height {width}×{height} are out of range; allowed: 200..8000 × 150..8000 pixels.");
        }

        if (smooth < 1)
        {
            throw new ArgumentException($"--smooth {smooth}: the moving mean needs at least 1 episode.");
        }

        IReadOnlyList<LearningCurvePanel> panels = LearningCurvePanel.Parse(metrics);
        RunLogs[] runs = [.. runDirectories.Select(RunLogs.Read)];
        var figure = new Multiplot(Header(title ?? "PPO learning curves", runs, smooth, panels));
        try
        {
            var curves = panels.Select(p => runs.Select(r => (Training: p.Training(r, smooth), HeldOut: p.HeldOut(r))).ToArray()).ToArray();
            double lastStep = curves.SelectMany(c => c).SelectMany(c => c.Training.Steps.Concat(c.HeldOut.Steps)).DefaultIfEmpty(0).Max();
            for (int p = 0; p < panels.Count; p++)
            {
                figure.AddPlot(Panel(panels[p], curves[p], lastStep));
            }

            figure.Layout = new HeaderGridLayout(HeaderHeight(figure.GetPlot(0), width, height), columns: 2);
            string? directory = Path.GetDirectoryName(Path.GetFullPath(output));
            Directory.CreateDirectory(directory!);
            figure.SavePng(output, width, height);
        }
        finally
        {
            foreach (Plot plot in figure.GetPlots())
            {
                plot.Dispose();
            }
        }

        System.Console.WriteLine($"Wrote {output} ({panels.Count} panel{(panels.Count == 1 ? "" : "s")}, {runs.Length} run{(runs.Length == 1 ? "" : "s")}).");
        return 0;
    }

    private static Color RunColor(int index) => new ScottPlot.Palettes.Category10().GetColor(index);

    /// <summary>The figure's title and its one legend: a colour per run, a line style per kind of curve.</summary>
    private static Plot Header(string title, RunLogs[] runs, int smooth, IReadOnlyList<LearningCurvePanel> panels)
    {
        var header = new Plot();
        header.Layout.Frameless();
        header.Axes.Frameless();
        header.HideGrid();
        var heading = header.Add.Annotation(title, Alignment.UpperCenter);
        Unboxed(heading, 20, Colors.Black);
        heading.LabelStyle.Bold = true;
        header.Legend.IsVisible = true;
        header.Legend.Orientation = Orientation.Horizontal;
        header.Legend.Alignment = Alignment.LowerCenter;
        header.Legend.FontSize = 14;
        header.Legend.TightHorizontalWrapping = true;
        for (int r = 0; r < runs.Length; r++)
        {
            header.Legend.ManualItems.Add(new LegendItem { LabelText = runs[r].Name, LineColor = RunColor(r), LineWidth = 4 });
        }

        if (panels.All(p => !p.HasHeldOut))
        {
            return header; // the speed panel alone: nothing to tell apart but the runs
        }

        string speed = panels.Any(p => !p.HasHeldOut) ? " (speed: time/fps)" : "";
        header.Legend.ManualItems.Add(new LegendItem { LabelText = $"training: mean of the last {smooth} episodes{speed}", LineColor = Colors.Gray, LineWidth = 2 });
        header.Legend.ManualItems.Add(new LegendItem
        {
            LabelText = "held-out evaluation routes", LineColor = Colors.Gray, LineWidth = 1, LinePattern = LinePattern.Dotted,
            MarkerShape = MarkerShape.FilledCircle, MarkerSize = 8, MarkerFillColor = Colors.Gray, MarkerLineColor = Colors.Gray,
        });
        return header;
    }

    /// <summary>The header's height in pixels: the title and as many legend rows as the runs' names need at this width.</summary>
    private static float HeaderHeight(Plot header, int width, int height)
    {
        using var paint = Paint.NewDisposablePaint();
        float legend = header.Legend.GetLayout(new PixelSize(width - 40, height), paint).LegendRect.Height;
        return Math.Min(TitleHeight + legend + 14, height / 3f);
    }

    private static Plot Panel(LearningCurvePanel panel, (Series Training, Series HeldOut)[] runs, double lastStep)
    {
        var plot = new Plot();
        plot.Title(panel.Title, size: 15);
        plot.XLabel("environment steps", size: 13);
        plot.YLabel(panel.YLabel, size: 13);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = Steps };
        for (int r = 0; r < runs.Length; r++)
        {
            Color color = RunColor(r);
            if (!runs[r].Training.IsEmpty)
            {
                var training = plot.Add.Scatter(runs[r].Training.Steps, runs[r].Training.Values, color);
                training.LineWidth = 2;
                training.MarkerSize = runs[r].Training.Count == 1 ? 6 : 0; // one point draws no line
            }

            if (!runs[r].HeldOut.IsEmpty)
            {
                var heldOut = plot.Add.Scatter(runs[r].HeldOut.Steps, runs[r].HeldOut.Values, color);
                heldOut.LineWidth = 1;
                heldOut.LinePattern = LinePattern.Dotted;
                heldOut.MarkerShape = MarkerShape.FilledCircle;
                heldOut.MarkerSize = 8;
            }
        }

        if (runs.All(r => r.Training.IsEmpty && r.HeldOut.IsEmpty))
        {
            Unboxed(plot.Add.Annotation("no data yet", Alignment.MiddleCenter), 16, Colors.Gray);
            plot.Axes.SetLimitsY(panel.StartsAtZero ? 0 : -1, 1);
        }

        plot.Axes.SetLimitsX(0, lastStep > 0 ? lastStep * 1.02 : 1);
        if (panel.IsPercent)
        {
            plot.Axes.SetLimitsY(-3, 103);
        }
        else if (panel.StartsAtZero && runs.SelectMany(r => r.Training.Values.Concat(r.HeldOut.Values)).DefaultIfEmpty(0).Max() is var top and > 0)
        {
            plot.Axes.SetLimitsY(0, top * 1.08);
        }

        return plot;
    }

    // An annotation's default is a yellow note with a shadow; these are plain text.
    private static void Unboxed(ScottPlot.Plottables.Annotation annotation, float size, Color color)
    {
        annotation.LabelStyle.FontSize = size;
        annotation.LabelStyle.ForeColor = color;
        annotation.LabelStyle.BackgroundColor = Colors.Transparent;
        annotation.LabelStyle.BorderColor = Colors.Transparent;
        annotation.LabelStyle.ShadowColor = Colors.Transparent;
    }

    private static string Steps(double steps) => Math.Abs(steps) switch
    {
        >= 1e6 => (steps / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1e4 => (steps / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "k",
        _ => steps.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
