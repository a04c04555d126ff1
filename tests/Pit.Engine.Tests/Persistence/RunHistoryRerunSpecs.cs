using Akka.Actor;
using Akka.Persistence.Journal;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Persistence;

/// <summary>A rerun in the journal: its RunCreated is kept whole, tagged by the run it reruns, and links both runs in the history.</summary>
public sealed class RunHistoryRerunSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Original = "20250314_093000.125_a";
    private const string First = "20250314_100000.000_a";
    private const string Second = "20250314_110000.000_a";

    private static RunEvents.RunCreated RerunOf(string runId, string original) => new(
        runId, "a", TriggerNames.Rerun, "sha256:abc", [new("extract", []), new("load", ["extract"])], SampleEvents.T0.AddHours(1),
        RerunOf: original, Reused: [new("extract", TaskStatus.Success, 0)]);

    [Fact]
    public void The_history_links_a_run_to_its_reruns_and_each_rerun_to_its_run()
    {
        var history = new RunHistory();
        foreach (var evt in SampleEvents.SucceededRun(Original, "a", SampleEvents.T0, seconds: 4)) history.Apply(evt);
        history.Apply(RerunOf(First, Original));
        history.Apply(RerunOf(Second, Original));

        Assert.Equal([First, Second], history.Get(Original)!.Reruns);
        var rerun = history.Get(First)!;
        Assert.Equal((Original, (IReadOnlyList<string>?)null), (rerun.RerunOf, rerun.Reruns));
        Assert.Equal([(true, "success (reused)"), (false, "pending")], rerun.Tasks.Select(t => (t.Reused, t.StateText)));
    }

    [Fact]
    public void A_reruns_run_created_is_tagged_with_the_run_it_reruns_and_survives_the_serializer()
    {
        var created = RerunOf(First, Original);
        var serializer = new PitEventSerializer((ExtendedActorSystem)Sys);

        var tags = Assert.IsType<Tagged>(new RunEventTagger().ToJournal(created)).Tags;
        var back = (RunEvents.RunCreated)serializer.FromBinary(serializer.ToBinary(created), serializer.Manifest(created));

        Assert.Equal(["dag:a", "rerun-of:" + Original, "run"], tags.Order());
        Assert.Equal((Original, created.Reused![0]), (back.RerunOf, back.Reused![0]));
    }

    [Fact]
    public void A_queued_reruns_order_survives_the_serializer()
    {
        var queued = new SchedulerEvents.TriggerQueued("q1", "a", null, TriggerNames.Rerun, new Dictionary<string, string>(), false, SampleEvents.T0,
            Rerun: new RerunOrder(Original, RerunMode.From, "load"));
        var serializer = new PitEventSerializer((ExtendedActorSystem)Sys);

        var back = (SchedulerEvents.TriggerQueued)serializer.FromBinary(serializer.ToBinary(queued), serializer.Manifest(queued));

        Assert.Equal(new RerunOrder(Original, RerunMode.From, "load"), back.Rerun);
    }
}
