using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pit.Cli.Top;

/// <summary>
/// Lays out one frame of <c>pit top</c> for a <c>width</c>×<c>height</c> terminal: a title line, the
/// DAGs, the active runs and recent failures beside the selected run's tasks, the selected run's
/// log, and a status line. Every list scrolls to keep its selection in view.
/// </summary>
public sealed class TopRenderer(TopFormat format)
{
    private const string Marker = "›";

    private static readonly Style Selected = new(decoration: Decoration.Invert);
    private static readonly Style Dim = new(decoration: Decoration.Dim);
    private static readonly Style Focused = new(Color.Aqua);
    private static readonly Style Bold = new(decoration: Decoration.Bold);

    public IRenderable Render(TopContent content, int width, int height)
    {
        var body = Math.Max(height - 2, 9);
        var dagsHeight = Math.Max(4, body * 3 / 10);
        var runsHeight = Math.Max(6, body * 4 / 10);
        var logHeight = Math.Max(3, body - dagsHeight - runsHeight);
        var activeHeight = runsHeight / 2;

        var root = new Layout("top").SplitRows(
            new Layout("title", Title(content)).Size(1),
            new Layout("dags", Dags(content, dagsHeight)).Size(dagsHeight),
            new Layout("runs").Size(runsHeight).SplitColumns(
                new Layout("lists").Ratio(7).SplitRows(
                    new Layout("active", Active(content, activeHeight)).Size(activeHeight),
                    new Layout("failures", Failures(content, runsHeight - activeHeight))),
                new Layout("run", Run(content, width - width * 7 / 12, runsHeight)).Ratio(5)),
            new Layout("log", Log(content, width, logHeight)).Size(logHeight),
            new Layout("status", Status(content, width)).Size(1));
        return root;
    }

    private IRenderable Title(TopContent content)
    {
        var s = content.Snapshot;
        var title = $"pit top · {content.Address} · {s.Dags.Count} DAGs · {s.Active.Count} active · {s.Failures.Count} recent failures · {format.Clock(content.Now)}";
        return new Text(title, Bold).Overflow(Overflow.Ellipsis);
    }

    private IRenderable Dags(TopContent content, int height)
    {
        var dags = content.Snapshot.Dags;
        if (dags.Count == 0) return Pane("DAGs", new Text("(no DAGs)", Dim), content.View.Focus == TopPane.Dags);
        var table = Table("", "DAG", "SCHEDULE", "NEXT FIRE", "ACTIVE", "QUEUED", "LAST STATE", "LAST RUN");
        var index = IndexOf(dags.Select(d => d.Name), content.View.SelectedDag);
        foreach (var (dag, i) in Window(dags, index, height - 3))
        {
            var next = dag.Paused ? "paused" : dag.Schedule is null ? "-" : format.Time(dag.NextFire);
            Row(table, i == index, content.View.Focus == TopPane.Dags,
                dag.Name, dag.Schedule ?? "-", next, dag.ActiveRuns.ToString(), dag.Queued.ToString(), dag.LastState ?? "-", dag.LastRun ?? "-");
        }
        return Pane("DAGs", table, content.View.Focus == TopPane.Dags);
    }

    private IRenderable Active(TopContent content, int height)
    {
        var runs = content.Snapshot.Active;
        if (runs.Count == 0) return Pane("Active runs", new Text("(none)", Dim), false);
        var table = Table("", "RUN", "ELAPSED", "TASKS");
        var index = IndexOf(runs.Select(r => r.RunId), content.View.SelectedRun);
        foreach (var (run, i) in Window(runs, index, height - 3))
            Row(table, i == index, content.View.Focus == TopPane.Runs,
                run.RunId, TopFormat.Elapsed(run.Started, content.Now), TopFormat.Progress(run.TasksDone, run.TasksTotal, 8));
        return Pane("Active runs", table, content.View.Focus == TopPane.Runs);
    }

    private IRenderable Failures(TopContent content, int height)
    {
        var runs = content.Snapshot.Failures;
        if (runs.Count == 0) return Pane("Recent failures", new Text("(none)", Dim), false);
        var table = Table("", "RUN", "STATE", "DURATION");
        var index = IndexOf(runs.Select(r => r.RunId), content.View.SelectedRun);
        foreach (var (run, i) in Window(runs, index, height - 3))
            Row(table, i == index, content.View.Focus == TopPane.Runs, run.RunId, run.State, TopFormat.Seconds(run.DurationSeconds));
        return Pane("Recent failures", table, content.View.Focus == TopPane.Runs);
    }

    private IRenderable Run(TopContent content, int width, int height)
    {
        var run = content.Snapshot.Selected;
        if (run is null || run.RunId != content.View.SelectedRun)
            return Pane("Run", new Text(content.View.SelectedRun is { } id ? $"{id}\n(loading…)" : "(no run selected)", Dim), false);
        if (run.State == RunDetail.Unknown) return Pane("Run", new Text($"{run.RunId}\n(the service does not know this run)", Dim), false);
        var took = run.State == RunStateNames.Running ? TopFormat.Elapsed(run.Started, content.Now) : TopFormat.Seconds(run.DurationSeconds);
        var table = Table("TASK", "STATE", "TRIES", "TIME", "EXIT");
        foreach (var task in run.Tasks.Take(Math.Max(1, height - 5)))
            table.AddRow(Cell(task.Name), Cell(task.State, StateStyle(task.State)), Cell(task.Attempts.ToString()),
                Cell(TopFormat.Seconds(task.DurationSeconds)), Cell(task.ExitCode?.ToString() ?? ""));
        var done = run.Tasks.Count(t => t.State is not ("pending" or RunStateNames.Running));
        var inner = width - 5; // borders and padding, and a column to spare for rounding
        var heading = new Rows(Cell(Fit(run.RunId, inner)), Cell(Fit($"{run.State} · {took} · {done}/{run.Tasks.Count} tasks done", inner), StateStyle(run.State)));
        return Pane("Run", new Rows(heading, table), false);
    }

    private static IRenderable Log(TopContent content, int width, int height)
    {
        var log = content.Log;
        var title = log.RunId is null ? "Log" : $"Log · {log.RunId}";
        if (log.RunId is null) return Pane(title, new Text("(select a run to follow its output)", Dim), false);
        var lines = log.Lines.TakeLast(Math.Max(1, height - 2)).Select(l => (IRenderable)Cell(Fit(l, width - 4))).ToList();
        if (lines.Count == 0) lines.Add(Cell("(waiting for output…)", Dim));
        return Pane(title, new Rows(lines), false);
    }

    /// <summary>The status (or the problem, in red) on the left, the keys on the right where they fit.</summary>
    private static IRenderable Status(TopContent content, int width)
    {
        var (message, style) = content.Problem is { } problem ? (problem, new Style(Color.Red)) : (content.View.Status, Style.Plain);
        var gap = width - message.Length - TopKeys.Help.Length;
        if (gap < 2) return new Text(message.Length > 0 ? message : TopKeys.Help, message.Length > 0 ? style : Dim).Overflow(Overflow.Ellipsis);
        var line = new Paragraph();
        line.Append(message, style);
        line.Append(new string(' ', gap) + TopKeys.Help, Dim);
        return line;
    }

    private static Panel Pane(string title, IRenderable inner, bool focused) =>
        new Panel(inner)
        {
            Header = new PanelHeader($" {Markup.Escape(title)} "),
            Border = BoxBorder.Rounded,
            BorderStyle = focused ? Focused : Style.Plain,
            Expand = true,
            Padding = new Padding(1, 0, 1, 0),
        };

    /// <summary>The text cut to <paramref name="cells"/> terminal columns, ending in an ellipsis when cut, so it never wraps.</summary>
    public static string Fit(string text, int cells)
    {
        if (text.GetCellWidth() <= cells) return text;
        var used = 0;
        var cut = 0;
        while (cut < text.Length && used + text[cut].GetCellWidth() <= cells - 1) used += text[cut++].GetCellWidth();
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut] + "…";
    }

    private static Table Table(params string[] headers)
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = true };
        foreach (var header in headers)
            table.AddColumn(new TableColumn(new Text(header, Bold).Overflow(Overflow.Ellipsis)) { NoWrap = true, Padding = new Padding(0, 0, 1, 0) });
        return table;
    }

    /// <summary>A row led by the selection marker; the selected row of the focused pane in reverse video.</summary>
    private static void Row(Table table, bool selected, bool focused, params string[] cells)
    {
        var style = selected && focused ? Selected : Style.Plain;
        table.AddRow([Cell(selected ? Marker : " ", style), .. cells.Select(c => Cell(c, style))]);
    }

    private static Text Cell(string text, Style? style = null) => (Text)new Text(text, style ?? Style.Plain).Overflow(Overflow.Ellipsis);

    private static Style StateStyle(string state) => state switch
    {
        RunStateNames.Success => new Style(Color.Green),
        RunStateNames.Failed or RunStateNames.TimedOut or "upstream_failed" => new Style(Color.Red),
        RunStateNames.Running => new Style(Color.Yellow),
        _ => Style.Plain,
    };

    private static int IndexOf(IEnumerable<string> items, string? selected) =>
        selected is null ? -1 : items.ToList().IndexOf(selected);

    /// <summary>At most <paramref name="rows"/> items, scrolled so that the one at <paramref name="selected"/> is among them.</summary>
    public static IEnumerable<(T Item, int Index)> Window<T>(IReadOnlyList<T> items, int selected, int rows)
    {
        rows = Math.Max(1, rows);
        var start = selected < rows ? 0 : selected - rows + 1;
        return items.Select((item, i) => (item, i)).Skip(start).Take(rows);
    }
}
