namespace Pit.Engine.Hosting;

/// <summary>The actor system's settings in code; <c>akka.hocon</c> beside the binary overrides them.</summary>
public static class EngineDefaults
{
    public const string Hocon = """
        akka {
          loglevel = WARNING
          stdout-loglevel = WARNING
          log-dead-letters = 0
          log-dead-letters-during-shutdown = off
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        # The Scheduler has a thread of its own: a cron fire is decided when it is due, not after
        # the work of every running DAG queued before it on the shared thread pool.
        pit.scheduler-dispatcher {
          type = PinnedDispatcher
        }
        """;

    /// <summary>The dispatcher the Scheduler runs on (a dedicated thread).</summary>
    public const string SchedulerDispatcher = "pit.scheduler-dispatcher";

    public const string HoconFileName = "akka.hocon";

    /// <summary>The <c>akka.hocon</c> shipped beside the binary (copied from the repository root), if any.</summary>
    public static string? HoconFile()
    {
        var path = Path.Combine(AppContext.BaseDirectory, HoconFileName);
        return File.Exists(path) ? path : null;
    }
}
