using Pit.Cli.Top;

namespace Pit.Cli.Tests.Top;

/// <summary>What stays selected as the lists change and the arrows move.</summary>
public sealed class TopViewSpecs
{
    private static readonly TopSnapshot Snapshot = TopReplies.Snapshot();

    [Fact]
    public void At_first_the_first_dag_and_the_first_active_run_are_selected()
    {
        var view = TopView.Start.Reconcile(Snapshot);

        Assert.Equal(("claims_pipeline", TopReplies.ActiveRun), (view.SelectedDag, view.SelectedRun));
    }

    [Fact]
    public void A_dag_that_is_gone_gives_way_to_the_first_one_but_a_chosen_run_that_left_the_lists_stays_selected()
    {
        var view = (TopView.Start with { SelectedDag = "removed" }).Choose("20250314_090000.000_claims_pipeline");

        var reconciled = view.Reconcile(Snapshot);

        Assert.Equal(("claims_pipeline", "20250314_090000.000_claims_pipeline"), (reconciled.SelectedDag, reconciled.SelectedRun));
    }

    [Fact]
    public void A_run_the_view_picked_gives_way_to_the_newest_active_run_once_it_has_ended()
    {
        var picked = TopView.Start with { SelectedRun = "20250314_090000.000_claims_pipeline" };
        var withoutActive = Snapshot with { Active = [] };

        Assert.Equal(TopReplies.ActiveRun, picked.Reconcile(Snapshot).SelectedRun);
        Assert.Equal("20250314_090000.000_claims_pipeline", picked.Reconcile(withoutActive).SelectedRun);
        Assert.Equal(TopReplies.FailedRun, TopView.Start.Reconcile(withoutActive).SelectedRun);
    }

    [Fact]
    public void Moving_in_the_runs_pane_chooses_the_run()
    {
        var view = TopView.Start.Reconcile(Snapshot) with { Focus = TopPane.Runs };

        var moved = view.Move(Snapshot, 1);

        Assert.False(view.RunChosen);
        Assert.Equal((TopReplies.FailedRun, true), (moved.SelectedRun, moved.RunChosen));
        Assert.Equal(TopReplies.FailedRun, moved.Reconcile(Snapshot).SelectedRun);
    }

    [Fact]
    public void Moving_goes_through_the_focused_list_and_stops_at_its_ends()
    {
        var view = TopView.Start.Reconcile(Snapshot);

        Assert.Equal("nightly_export", view.Move(Snapshot, 1).SelectedDag);
        Assert.Equal("adhoc", view.Move(Snapshot, 1).Move(Snapshot, 1).Move(Snapshot, 1).SelectedDag);
        Assert.Equal("claims_pipeline", view.Move(Snapshot, -1).SelectedDag);
        var runs = view with { Focus = TopPane.Runs };
        Assert.Equal((TopReplies.FailedRun, "claims_pipeline"), (runs.Move(Snapshot, 1).SelectedRun, runs.Move(Snapshot, 1).SelectedDag));
        Assert.Equal(TopReplies.TimedOutRun, runs.Move(Snapshot, 5).SelectedRun);
    }

    [Fact]
    public void From_a_run_no_longer_listed_down_goes_to_the_first_and_up_to_the_last()
    {
        var view = TopView.Start with { Focus = TopPane.Runs, SelectedRun = "20250101_000000.000_gone" };

        Assert.Equal(TopReplies.ActiveRun, view.Move(Snapshot, 1).SelectedRun);
        Assert.Equal(TopReplies.TimedOutRun, view.Move(Snapshot, -1).SelectedRun);
    }
}
