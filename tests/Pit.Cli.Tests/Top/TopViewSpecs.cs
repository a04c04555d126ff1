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
    public void A_dag_that_is_gone_gives_way_to_the_first_one_but_a_run_that_left_the_lists_stays_selected()
    {
        var view = TopView.Start with { SelectedDag = "removed", SelectedRun = "20250314_090000.000_claims_pipeline" };

        var reconciled = view.Reconcile(Snapshot);

        Assert.Equal(("claims_pipeline", "20250314_090000.000_claims_pipeline"), (reconciled.SelectedDag, reconciled.SelectedRun));
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
