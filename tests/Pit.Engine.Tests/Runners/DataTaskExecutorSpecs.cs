using Microsoft.Data.Sqlite;
using Pit.Connectors.Parquet;
using Pit.Core.Dags;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Engine.Runners;
using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Runners;

/// <summary>Declarative load and save tasks against a real SQLite file and real Parquet files.</summary>
public sealed class DataTaskExecutorSpecs : IDisposable
{
    private readonly TaskSandbox _box = new();
    private readonly DataTaskExecutor _executor = new();

    public void Dispose() => _box.Dispose();

    private TaskLaunch Data(string name, DataTask data)
    {
        var errors = new ConfigErrorList();
        var file = SecretsFileReader.Parse("/etc/pit/secrets.toml", "[claims]\nwarehouse_db = \"sqlite://warehouse.db\"\n", errors)!;
        var task = new TaskDefinition { Name = name, Runner = TaskRunner.Data, Data = data };
        return _box.Launch(task) with { Secrets = new FileSecretSource(file, (_, _, _) => { }), WorkspaceRoot = _box.Root, Redactor = new Redactor() };
    }

    private async Task WriteClaimsAsync(string name, int count)
    {
        var rows = Enumerable.Range(1, count)
            .Select(i => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["id"] = (long)i, ["provider"] = $"P{i % 3}", ["amount"] = i * 1.5 })
            .ToList();
        await ParquetRows.WriteAsync(Path.Combine(_box.DataDir, name + ".parquet"), rows, CancellationToken.None);
    }

    [Fact]
    public async Task A_load_then_a_save_move_rows_through_the_database_and_log_the_rate()
    {
        await WriteClaimsAsync("claims", 50);
        var load = Data("load_claims", new DataTask(DataTaskType.Load, "claims", null, "claims", LoadMode.CreateOrReplace, "warehouse_db"));

        var loaded = await _executor.RunAsync(load, _ => { }, CancellationToken.None);

        Assert.True(loaded.Succeeded, loaded.Describe());
        Assert.Contains(TaskSandbox.LogLines(load), line => line.StartsWith("pit: loaded 50 rows in 1 row groups", StringComparison.Ordinal) && line.EndsWith("rows/s)", StringComparison.Ordinal));

        _box.Write("queries/by_provider.sql", "SELECT provider, COUNT(*) AS claims, SUM(amount) AS amount FROM claims GROUP BY provider ORDER BY provider");
        var save = Data("save_totals", new DataTask(DataTaskType.Save, "queries/by_provider.sql", "totals", null, LoadMode.Append, "warehouse_db"));

        var saved = await _executor.RunAsync(save, _ => { }, CancellationToken.None);

        Assert.True(saved.Succeeded, saved.Describe());
        var rows = await ParquetRows.ReadAsync(Path.Combine(_box.DataDir, "totals.parquet"), 100, CancellationToken.None);
        Assert.Equal(["P0", "P1", "P2"], rows.Select(r => (string?)r["provider"]));
        Assert.Equal(50L, rows.Sum(r => Convert.ToInt64(r["claims"])));
        Assert.Contains(TaskSandbox.LogLines(save), line => line.StartsWith("pit: saved 3 rows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Append_adds_and_truncate_and_load_replaces_the_rows()
    {
        await WriteClaimsAsync("claims", 10);
        Assert.True((await _executor.RunAsync(Data("create", new DataTask(DataTaskType.Load, "claims.parquet", null, "claims", LoadMode.CreateOrReplace, "warehouse_db")), _ => { }, CancellationToken.None)).Succeeded);
        Assert.True((await _executor.RunAsync(Data("append", new DataTask(DataTaskType.Load, "claims", null, "claims", LoadMode.Append, "warehouse_db")), _ => { }, CancellationToken.None)).Succeeded);
        Assert.Equal(20, Count());

        Assert.True((await _executor.RunAsync(Data("reload", new DataTask(DataTaskType.Load, "claims", null, "claims", LoadMode.TruncateAndLoad, "warehouse_db")), _ => { }, CancellationToken.None)).Succeeded);
        Assert.Equal(10, Count());
    }

    [Fact]
    public async Task A_file_outside_the_data_folder_or_a_missing_one_is_refused()
    {
        File.WriteAllText(Path.Combine(_box.Root, "outside.parquet"), "not parquet");

        var outside = await _executor.RunAsync(Data("outside", new DataTask(DataTaskType.Load, "../outside", null, "claims", LoadMode.Append, "warehouse_db")), _ => { }, CancellationToken.None);
        var missing = await _executor.RunAsync(Data("missing", new DataTask(DataTaskType.Load, "nobody_wrote_this", null, "claims", LoadMode.Append, "warehouse_db")), _ => { }, CancellationToken.None);

        Assert.Contains("'../outside' is outside the run's data folder", outside.Error);
        Assert.Contains("no upstream task wrote 'nobody_wrote_this'", missing.Error);
    }

    private long Count()
    {
        using var db = new SqliteConnection($"Data Source={Path.Combine(_box.Root, "warehouse.db")}");
        db.Open();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM claims";
        return Convert.ToInt64(command.ExecuteScalar());
    }
}
