namespace Pit.Cli.Top;

/// <summary>
/// The keys of <c>pit top</c>: ↑/↓ (or k/j) move in the focused pane, Tab switches pane, t triggers
/// the selected DAG, p pauses or resumes it, c cancels the selected run after a y, q or Ctrl-C quits.
/// Pure: a key and the view give the next view and, maybe, an action to perform.
/// </summary>
public static class TopKeys
{
    public const string Help = "↑↓ select · Tab pane · t trigger · p pause · c cancel · q quit";

    public static (TopView View, TopAction? Action) Handle(TopView view, TopSnapshot snapshot, ConsoleKeyInfo key)
    {
        if (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control) || key.KeyChar == '\u0003')
            return (view, new TopAction.Quit());
        if (view.ConfirmCancel is { } runId)
        {
            var confirmed = key.KeyChar is 'y' or 'Y';
            var answered = view with { ConfirmCancel = null };
            return confirmed
                ? (answered.WithStatus($"cancelling run {runId}…"), new TopAction.Cancel(runId))
                : (answered.WithStatus($"run {runId} not cancelled"), null);
        }
        switch (key.Key)
        {
            case ConsoleKey.UpArrow:
                return (view.Move(snapshot, -1), null);
            case ConsoleKey.DownArrow:
                return (view.Move(snapshot, +1), null);
            case ConsoleKey.Tab:
                return (view with { Focus = view.Focus == TopPane.Dags ? TopPane.Runs : TopPane.Dags }, null);
        }
        switch (key.KeyChar)
        {
            case 'q' or 'Q':
                return (view, new TopAction.Quit());
            case 'k':
                return (view.Move(snapshot, -1), null);
            case 'j':
                return (view.Move(snapshot, +1), null);
            case 't':
                return view.SelectedDag is { } dag
                    ? (view.WithStatus($"triggering {dag}…"), new TopAction.Trigger(dag))
                    : (view.WithStatus("no DAG to trigger"), null);
            case 'p':
                if (view.SelectedDag is not { } name) return (view.WithStatus("no DAG to pause"), null);
                return snapshot.FindDag(name) is { Paused: true }
                    ? (view.WithStatus($"resuming {name}…"), new TopAction.Resume(name))
                    : (view.WithStatus($"pausing {name}…"), new TopAction.Pause(name));
            case 'c':
                return Cancel(view, snapshot);
            default:
                return (view, null);
        }
    }

    private static (TopView, TopAction?) Cancel(TopView view, TopSnapshot snapshot)
    {
        if (view.SelectedRun is not { } runId) return (view.WithStatus("no run to cancel"), null);
        var state = snapshot.FindRun(runId)?.State ?? (snapshot.Selected?.RunId == runId ? snapshot.Selected.State : null);
        if (state is not null && state != RunStateNames.Running) return (view.WithStatus($"run {runId} has ended ({state}); nothing to cancel"), null);
        return (view with { ConfirmCancel = runId, Status = $"cancel run {runId}? (y/n)" }, null);
    }
}
