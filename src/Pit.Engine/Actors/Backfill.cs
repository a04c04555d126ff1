using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Akka.Actor;

namespace Pit.Engine.Actors;

/// <summary>Runs a backfill (a <see cref="BackfillActor"/>) and follows it, for <c>pit backfill</c> and <c>dag backfill</c>.</summary>
public static class Backfill
{
    /// <summary>
    /// Starts a backfill of <paramref name="dag"/> and yields its <see cref="Protocol.BackfillReports"/> until
    /// <see cref="Protocol.BackfillReports.Done"/>. Cancelling <paramref name="stop"/> starts no further run; the
    /// reports go on until the runs already started end.
    /// </summary>
    public static async IAsyncEnumerable<object> RunAsync(
        ActorSystem system, IActorRef scheduler, string dag, IReadOnlyList<DateTimeOffset> occurrences, int concurrency,
        [EnumeratorCancellation] CancellationToken stop)
    {
        var reports = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
        var backfill = system.ActorOf(BackfillActor.Props(scheduler, dag, occurrences, concurrency, reports.Writer));
        await using var onStop = stop.Register(() => backfill.Tell(new Protocol.BackfillCommands.Stop("the backfill was stopped")));
        await foreach (var report in reports.Reader.ReadAllAsync(CancellationToken.None)) yield return report;
    }
}
