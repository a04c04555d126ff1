using Akka.Actor;
using Akka.Persistence;

namespace Pit.Engine.Hosting;

/// <summary>
/// Starts the journal and runs one empty replay as soon as the actor system exists, so that its
/// first-use cost (opening the database, checking the tables, preparing the queries) overlaps the
/// rest of the start-up on another core instead of delaying the first run's recovery.
/// </summary>
public static class JournalWarmUp
{
    public const string PersistenceId = "pit-journal-warm-up";

    public static void Start(ActorSystem system)
    {
        var journal = Akka.Persistence.Persistence.Instance.Apply(system).JournalFor(null);
        journal.Tell(new ReplayMessages(1, 1, 1, PersistenceId, ActorRefs.Nobody));
    }
}
