namespace Pit.Cli;

/// <summary>Settings for commands that read the workspace once, print and exit.</summary>
public static class ShortLivedCommand
{
    /// <summary>
    /// Lets a one-shot command allocate its first 48 MiB without a garbage collection: reading a
    /// large workspace allocates a few tens of MiB of short-lived objects, and one collection in
    /// the middle costs more than the whole heap. Past the budget the runtime collects as usual.
    /// </summary>
    public static void Begin()
    {
        try
        {
            GC.TryStartNoGCRegion(48L * 1024 * 1024);
        }
        catch (InvalidOperationException)
        {
            // Already in a no-GC region (a second command in the same process): nothing to do.
        }
    }
}
