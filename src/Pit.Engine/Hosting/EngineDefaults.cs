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
        """;

    public const string HoconFileName = "akka.hocon";

    /// <summary>The <c>akka.hocon</c> shipped beside the binary (copied from the repository root), if any.</summary>
    public static string? HoconFile()
    {
        var path = Path.Combine(AppContext.BaseDirectory, HoconFileName);
        return File.Exists(path) ? path : null;
    }
}
