namespace Pit.Engine.Runs;

/// <summary>
/// Which live Pit process is running a run: the one holding an exclusive lock on
/// <c>runs/&lt;id&gt;/.owner.lock</c> (an advisory <c>flock</c>, which the kernel releases when
/// the process dies, however it dies). A restarted service resumes only runs nobody holds, so it
/// never takes over a run that a <c>pit run</c> beside it is still running.
/// </summary>
public sealed class RunOwnership : IDisposable
{
    public const string FileName = ".owner.lock";

    private readonly FileStream _lock;

    private RunOwnership(FileStream @lock) => _lock = @lock;

    /// <summary>The ownership of the run in <paramref name="runFolder"/>; null while another live process holds it.</summary>
    public static RunOwnership? TryTake(string runFolder)
    {
        try
        {
            Directory.CreateDirectory(runFolder);
            return new RunOwnership(new FileStream(Path.Combine(runFolder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _lock.Dispose();
}
