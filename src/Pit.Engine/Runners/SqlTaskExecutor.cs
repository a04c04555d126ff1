using System.Globalization;
using Pit.Connectors.Sql;
using Pit.Engine.Sdk;
using Pit.Engine.Streams;

namespace Pit.Engine.Runners;

/// <summary>
/// The <c>sql</c> runner: reads the task's .sql file from the run snapshot and sends it whole, as
/// one command, to the task's connection, inside Pit (no process). The task log gets the connection's
/// name (never its string), the rows affected and the duration; a database error fails the task with
/// the database's message. The timeout and cancellation stop the query in the database.
/// </summary>
public sealed class SqlTaskExecutor(LiveLog? liveLog = null) : ITaskExecutor
{
    private Action<TaskLogLine>? Live { get; } = liveLog is null ? null : liveLog.Publish;

    public Task<TaskOutcome> RunAsync(TaskLaunch launch, Action<int> onStarted, CancellationToken cancel)
    {
        var task = launch.Task;
        var connection = task.Connection ?? "";
        return InProcessAttempt.RunAsync(launch, $"sql {task.Script} on connection {connection}", Live, async (log, token) =>
        {
            if (connection.Length == 0)
                throw new TaskFailedException($"sql task {task.Name} has no connection: add [dag.sql] connection = \"<secret name>\"", ran: false);
            var sql = await SnapshotFiles.ReadAsync(launch, task.Script ?? "").ConfigureAwait(false);
            var target = await SqlConnectionLookup.ResolveAsync(launch, connection).ConfigureAwait(false);
            await log.WriteAsync($"pit: running {task.Script} on connection {connection} ({target.Dialect.Name})").ConfigureAwait(false);
            var result = await SqlScript.RunAsync(target, sql, token).ConfigureAwait(false);
            await log.WriteAsync($"pit: {result.RowsAffected} rows affected in {Seconds(result.Elapsed)} s").ConfigureAwait(false);
        }, cancel);
    }

    internal static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>Text files of the run snapshot (a sql task's script, a save task's query file).</summary>
internal static class SnapshotFiles
{
    public static async Task<string> ReadAsync(TaskLaunch launch, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(launch.SnapshotDir, relative));
        try
        {
            return await File.ReadAllTextAsync(full).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TaskFailedException($"script {relative} not found in the run snapshot ({full})", ran: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TaskFailedException($"cannot read {relative} from the run snapshot ({full}): {e.Message}", ran: false);
        }
    }
}
