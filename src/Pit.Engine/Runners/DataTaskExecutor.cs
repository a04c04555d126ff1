using System.Globalization;
using Pit.Connectors.Parquet;
using Pit.Core.Dags;
using Pit.Engine.Sdk;
using Pit.Engine.Streams;

namespace Pit.Engine.Runners;

/// <summary>
/// Declarative data tasks, inside Pit: <c>type = "load"</c> bulk-loads a Parquet file of the run's
/// data folder into a table (<see cref="ParquetBulkLoader"/>); <c>type = "save"</c> streams a query,
/// or the query of a .sql file in the project, into <c>&lt;output&gt;.parquet</c> there
/// (<see cref="ParquetQueryWriter"/>). Each logs the rows moved and the rate.
/// </summary>
public sealed class DataTaskExecutor(LiveLog? liveLog = null) : ITaskExecutor
{
    private Action<TaskLogLine>? Live { get; } = liveLog is null ? null : liveLog.Publish;

    public Task<TaskOutcome> RunAsync(TaskLaunch launch, Action<int> onStarted, CancellationToken cancel)
    {
        if (launch.Task.Data is not { } data)
            return Task.FromResult(TaskOutcome.CouldNotStart($"task {launch.Task.Name} is not a load or save task"));
        return data.Type == DataTaskType.Load
            ? InProcessAttempt.RunAsync(launch, Describe(data), Live, (log, token) => LoadAsync(launch, data, log, token), cancel)
            : InProcessAttempt.RunAsync(launch, Describe(data), Live, (log, token) => SaveAsync(launch, data, log, token), cancel);
    }

    public static string Describe(DataTask data) => data.Type == DataTaskType.Load
        ? $"load {data.Source} into {data.Table} ({LoadModes.NameOf(data.Mode)}) on connection {data.Connection}"
        : $"save {(IsFile(data.Source) ? data.Source : "query")} to {data.Output}{DataFiles.Extension} from connection {data.Connection}";

    private static async Task LoadAsync(TaskLaunch launch, DataTask data, InProcessAttemptLog log, CancellationToken cancel)
    {
        var file = DataFiles.Resolve(launch.DataDir, data.Source);
        if (!File.Exists(file)) throw new TaskFailedException($"{file} does not exist: no upstream task wrote '{data.Source}'");
        var target = await SqlConnectionLookup.ResolveAsync(launch, data.Connection).ConfigureAwait(false);
        var (schema, table) = SplitTable(data.Table ?? "");
        await log.WriteAsync($"pit: loading {Path.GetFileName(file)} into {data.Table} ({LoadModes.NameOf(data.Mode)}) on connection {data.Connection} ({target.Dialect.Name})").ConfigureAwait(false);
        var result = await ParquetBulkLoader.LoadAsync(target, file, table, schema, data.Mode, cancel).ConfigureAwait(false);
        await log.WriteAsync($"pit: loaded {result.Rows} rows in {result.RowGroups} row groups in {SqlTaskExecutor.Seconds(result.Elapsed)} s ({Rate(result.RowsPerSecond)} rows/s)").ConfigureAwait(false);
    }

    private static async Task SaveAsync(TaskLaunch launch, DataTask data, InProcessAttemptLog log, CancellationToken cancel)
    {
        var query = IsFile(data.Source) ? await SnapshotFiles.ReadAsync(launch, data.Source).ConfigureAwait(false) : data.Source;
        var file = DataFiles.Resolve(launch.DataDir, data.Output ?? launch.Task.Name);
        var target = await SqlConnectionLookup.ResolveAsync(launch, data.Connection).ConfigureAwait(false);
        await log.WriteAsync($"pit: saving {(IsFile(data.Source) ? data.Source : "the query")} to {Path.GetFileName(file)} from connection {data.Connection} ({target.Dialect.Name})").ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var result = await ParquetQueryWriter.SaveAsync(target, query, file, cancel).ConfigureAwait(false);
        await log.WriteAsync($"pit: saved {result.Rows} rows in {result.RowGroups} row groups in {SqlTaskExecutor.Seconds(result.Elapsed)} s ({Rate(result.RowsPerSecond)} rows/s)").ConfigureAwait(false);
    }

    /// <summary><c>warehouse.claims</c> → schema <c>warehouse</c>, table <c>claims</c>; no dot → no schema.</summary>
    public static (string? Schema, string Table) SplitTable(string name)
    {
        var dot = name.IndexOf('.');
        return dot > 0 && dot < name.Length - 1 ? (name[..dot], name[(dot + 1)..]) : (null, name);
    }

    private static bool IsFile(string source) => source.EndsWith(".sql", StringComparison.OrdinalIgnoreCase) && !source.Contains('\n');

    private static string Rate(double rowsPerSecond) => rowsPerSecond.ToString("N0", CultureInfo.InvariantCulture);
}
