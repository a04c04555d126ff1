using Pit.Cli.Top;

namespace Pit.Cli.Tests.Top;

/// <summary>What each key of <c>pit top</c> does to the view, and what it asks of the service.</summary>
public sealed class TopKeysSpecs
{
    private static readonly TopSnapshot Snapshot = TopReplies.Snapshot();
    private static readonly TopView View = TopView.Start.Reconcile(Snapshot);

    private static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, false, false, false);

    private static ConsoleKeyInfo Key(ConsoleKey key, bool control = false) => new(key == ConsoleKey.Tab ? '\t' : '\0', key, false, false, control);

    [Fact]
    public void Q_and_ctrl_c_quit()
    {
        Assert.IsType<TopAction.Quit>(TopKeys.Handle(View, Snapshot, Char('q')).Action);
        Assert.IsType<TopAction.Quit>(TopKeys.Handle(View, Snapshot, Key(ConsoleKey.C, control: true)).Action);
        Assert.IsType<TopAction.Quit>(TopKeys.Handle(View, Snapshot, Char('\u0003')).Action);
    }

    [Fact]
    public void Tab_switches_the_pane_the_arrows_move_in()
    {
        var (view, action) = TopKeys.Handle(View, Snapshot, Key(ConsoleKey.Tab));
        Assert.Null(action);
        Assert.Equal(TopPane.Runs, view.Focus);

        var moved = TopKeys.Handle(view, Snapshot, Key(ConsoleKey.DownArrow)).View;
        Assert.Equal((TopReplies.FailedRun, "claims_pipeline"), (moved.SelectedRun, moved.SelectedDag));
        Assert.Equal(TopPane.Dags, TopKeys.Handle(view, Snapshot, Key(ConsoleKey.Tab)).View.Focus);
    }

    [Fact]
    public void T_triggers_the_selected_dag_whichever_pane_has_the_focus()
    {
        var inRuns = View with { Focus = TopPane.Runs };

        var (view, action) = TopKeys.Handle(inRuns, Snapshot, Char('t'));

        Assert.Equal(new TopAction.Trigger("claims_pipeline"), action);
        Assert.Equal("triggering claims_pipeline…", view.Status);
    }

    [Fact]
    public void P_pauses_a_running_schedule_and_resumes_a_paused_one()
    {
        Assert.Equal(new TopAction.Pause("claims_pipeline"), TopKeys.Handle(View, Snapshot, Char('p')).Action);
        var onPaused = View with { SelectedDag = "nightly_export" };
        Assert.Equal(new TopAction.Resume("nightly_export"), TopKeys.Handle(onPaused, Snapshot, Char('p')).Action);
    }

    [Fact]
    public void C_asks_first_and_only_y_cancels()
    {
        var (asking, none) = TopKeys.Handle(View, Snapshot, Char('c'));
        Assert.Null(none);
        Assert.Equal(($"cancel run {TopReplies.ActiveRun}? (y/n)", TopReplies.ActiveRun), (asking.Status, asking.ConfirmCancel));

        var (yes, cancel) = TopKeys.Handle(asking, Snapshot, Char('y'));
        Assert.Equal(new TopAction.Cancel(TopReplies.ActiveRun), cancel);
        Assert.Null(yes.ConfirmCancel);

        var (no, nothing) = TopKeys.Handle(asking, Snapshot, Char('t'));
        Assert.Null(nothing);
        Assert.Equal(($"run {TopReplies.ActiveRun} not cancelled", null), (no.Status, no.ConfirmCancel));
    }

    [Fact]
    public void C_on_a_run_that_has_ended_says_so_without_asking()
    {
        var onFailure = View with { SelectedRun = TopReplies.FailedRun };

        var (view, action) = TopKeys.Handle(onFailure, Snapshot, Char('c'));

        Assert.Null(action);
        Assert.Null(view.ConfirmCancel);
        Assert.Equal($"run {TopReplies.FailedRun} has ended (failed); nothing to cancel", view.Status);
    }

    [Fact]
    public void Without_dags_or_runs_the_keys_say_there_is_nothing_to_act_on()
    {
        var empty = TopView.Start.Reconcile(TopSnapshot.Empty);

        Assert.Equal("no DAG to trigger", TopKeys.Handle(empty, TopSnapshot.Empty, Char('t')).View.Status);
        Assert.Equal("no DAG to pause", TopKeys.Handle(empty, TopSnapshot.Empty, Char('p')).View.Status);
        Assert.Equal("no run to cancel", TopKeys.Handle(empty, TopSnapshot.Empty, Char('c')).View.Status);
        Assert.Equal(empty, TopKeys.Handle(empty, TopSnapshot.Empty, Key(ConsoleKey.DownArrow)).View);
    }
}
