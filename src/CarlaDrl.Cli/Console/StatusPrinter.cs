using Spectre.Console;

namespace CarlaDrl.Cli.Console;

/// <summary>
/// Prints progress: a live-updating panel on an interactive terminal, plain periodic lines when output is
/// redirected (ENVIRONMENT.md: Spectre's live views misbehave when redirected).
/// </summary>
internal sealed class StatusPrinter
{
    private readonly bool _interactive;

    public StatusPrinter(bool forcePlain = false)
    {
        _interactive = !forcePlain && AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected;
    }

    public bool Interactive => _interactive;

    /// <summary>Runs <paramref name="work"/>, which calls the supplied action with rows to show (label, value).</summary>
    public void Run(string title, Action<Action<IReadOnlyList<(string Label, string Value)>, bool>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (!_interactive)
        {
            work((rows, _) => System.Console.WriteLine(string.Join("  ", rows.Select(r => $"{r.Label} {r.Value}"))));
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(title).AddColumn("").AddColumn("");
        AnsiConsole.Live(table).AutoClear(false).Start(context =>
        {
            work((rows, _) =>
            {
                table.Rows.Clear();
                foreach ((string label, string value) in rows)
                {
                    table.AddRow(Markup.Escape(label), Markup.Escape(value));
                }

                context.Refresh();
            });
        });
    }
}
