namespace Pit.Cli.Top;

/// <summary>Which list the arrow keys move in.</summary>
public enum TopPane { Dags, Runs }

/// <summary>
/// What the person looking at <c>pit top</c> chose: the pane in focus, the selected DAG and run
/// (by name and id, so a refresh that reorders the lists keeps them), whether that run was chosen
/// (with the arrows, or by triggering it) rather than picked by the view, a cancel waiting for y/n,
/// and the message on the status line. Pure: every change is a new view.
/// </summary>
public sealed record TopView(TopPane Focus, string? SelectedDag, string? SelectedRun, bool RunChosen, string? ConfirmCancel, string Status)
{
    public static readonly TopView Start = new(TopPane.Dags, null, null, false, null, "");

    /// <summary>
    /// Fits the view to fresh lists: a DAG that is gone (or none yet) gives way to the first one. A
    /// run the view picked itself follows the newest active run once it is no longer active (else it
    /// stays, or the first run listed is picked). A chosen run stays selected even when it left the
    /// lists (it finished well, or fell out of the recent ones), so its tasks and log stay in view.
    /// </summary>
    public TopView Reconcile(TopSnapshot snapshot) => this with
    {
        SelectedDag = snapshot.FindDag(SelectedDag)?.Name ?? snapshot.Dags.FirstOrDefault()?.Name,
        SelectedRun = RunChosen || snapshot.Active.Any(r => r.RunId == SelectedRun)
            ? SelectedRun
            : snapshot.Active.FirstOrDefault()?.RunId ?? SelectedRun ?? snapshot.Runs.FirstOrDefault()?.RunId,
    };

    /// <summary>Selects <paramref name="runId"/> as chosen (a run just triggered).</summary>
    public TopView Choose(string runId) => this with { SelectedRun = runId, RunChosen = true };

    /// <summary>Moves the selection of the focused pane by <paramref name="step"/> rows, stopping at either end.</summary>
    public TopView Move(TopSnapshot snapshot, int step)
    {
        if (Focus == TopPane.Dags)
        {
            var names = snapshot.Dags.Select(d => d.Name).ToList();
            return this with { SelectedDag = Step(names, SelectedDag, step) ?? SelectedDag };
        }
        var ids = snapshot.Runs.Select(r => r.RunId).ToList();
        return Step(ids, SelectedRun, step) is { } chosen ? Choose(chosen) : this;
    }

    public TopView WithStatus(string status) => this with { Status = status };

    private static string? Step(List<string> items, string? current, int step)
    {
        if (items.Count == 0) return null;
        var index = current is null ? -1 : items.IndexOf(current);
        if (index < 0) return items[step > 0 ? 0 : items.Count - 1];
        return items[Math.Clamp(index + step, 0, items.Count - 1)];
    }
}
