using Pit.Core.Workspace;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;

namespace Pit.Cli.Commands;

/// <summary>Opens the run history (the journal's projection) for the read-only commands.</summary>
public static class HistoryAccess
{
    public static async Task<T> ReadAsync<T>(Workspace workspace, Func<RunHistoryReader, Task<T>> read)
    {
        await using var engine = await PitEngine.StartReadOnlyAsync(workspace);
        return await read(new RunHistoryReader(engine.System));
    }
}
