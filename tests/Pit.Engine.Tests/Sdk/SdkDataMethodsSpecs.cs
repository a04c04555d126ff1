using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Sdk;

/// <summary>The SDK's data methods against a real SQLite file and real Parquet files in a run's data folder.</summary>
public sealed class SdkDataMethodsSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pit-sdk-data-").FullName;
    private readonly SdkDataMethods _methods;
    private readonly Redactor _redactor = new();
    private readonly SdkCaller _caller = new("20261125_100000.000_claims", "claims", "move", 1);

    public SdkDataMethodsSpecs()
    {
        Directory.CreateDirectory(Path.Combine(_root, "data"));
        var errors = new ConfigErrorList();
        var secrets = SecretsFileReader.Parse("/etc/pit/secrets.toml", "[claims]\nwarehouse_db = \"sqlite://warehouse.db\"\n", errors)!;
        _methods = new SdkDataMethods(new SdkData(Path.Combine(_root, "data"), _root), new FileSecretSource(secrets, (_, _, _) => { }), _redactor);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private async Task<JsonNode?> Call(string method, JsonObject parameters, CancellationToken cancel = default)
    {
        var (result, error) = await _methods.HandleAsync(new SdkRequest(_caller, method, parameters) { Cancel = cancel });
        Assert.True(error is null, error?.ToString());
        return result;
    }

    private static JsonArray Claims(int count) =>
        [.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject { ["id"] = i, ["name"] = $"claim {i}", ["amount"] = i / 4.0, ["paid"] = i % 2 == 0 })];

    [Fact]
    public async Task Rows_go_to_parquet_into_a_table_and_back_through_a_query()
    {
        await Call("write_rows", new JsonObject { ["name"] = "claims", ["rows"] = Claims(10) });
        var loaded = await Call("load_data", new JsonObject { ["file"] = "claims.parquet", ["table"] = "claims", ["connection"] = "warehouse_db", ["mode"] = "create_or_replace" });
        var saved = await Call("output_sql", new JsonObject { ["connection"] = "warehouse_db", ["query"] = "SELECT id, amount FROM claims WHERE paid ORDER BY id", ["name"] = "paid" });
        var back = await Call("read_rows", new JsonObject { ["name"] = "paid" });
        var total = await Call("read_sql", new JsonObject { ["connection"] = "warehouse_db", ["query"] = "SELECT SUM(amount) AS total FROM claims" });

        Assert.Equal(10, (long)loaded!["rows"]!);
        Assert.Equal(5, (long)saved!["rows"]!);
        Assert.Equal("[{\"id\":2,\"amount\":0.5},{\"id\":4,\"amount\":1.0},{\"id\":6,\"amount\":1.5},{\"id\":8,\"amount\":2.0},{\"id\":10,\"amount\":2.5}]", back!.ToJsonString());
        Assert.Equal("[{\"total\":13.75}]", total!.ToJsonString());
    }

    [Fact]
    public async Task Bad_requests_name_what_is_wrong_and_database_errors_are_sql_errors()
    {
        var outside = await _methods.HandleAsync(new SdkRequest(_caller, "load_data", new JsonObject { ["file"] = "../warehouse", ["table"] = "t", ["connection"] = "warehouse_db" }));
        var missing = await _methods.HandleAsync(new SdkRequest(_caller, "read_rows", new JsonObject { ["name"] = "nobody" }));
        var mode = await _methods.HandleAsync(new SdkRequest(_caller, "write_rows", new JsonObject { ["name"] = "x", ["rows"] = "not a list" }));
        var noSecret = await _methods.HandleAsync(new SdkRequest(_caller, "read_sql", new JsonObject { ["connection"] = "billing_db", ["query"] = "SELECT 1" }));
        var sql = await _methods.HandleAsync(new SdkRequest(_caller, "read_sql", new JsonObject { ["connection"] = "warehouse_db", ["query"] = "SELECT * FROM nowhere" }));

        Assert.Equal((SdkError.BadRequest, true), (outside.Error!.Code, outside.Error.Message.Contains("outside the run's data folder")));
        Assert.Equal(SdkError.NotFound, missing.Error!.Code);
        Assert.Equal("params.rows must be a list of objects", mode.Error!.Message);
        Assert.Equal(SdkDataMethods.ConnectionError, noSecret.Error!.Code);
        Assert.StartsWith("connection 'billing_db': secret 'billing_db' not found", noSecret.Error.Message);
        Assert.Equal((SdkDataMethods.SqlError, true), (sql.Error!.Code, sql.Error.Message.Contains("no such table: nowhere")));
    }

    [Fact]
    public async Task A_load_whose_attempt_has_ended_stops_and_leaves_the_table_as_it_was()
    {
        await Call("write_rows", new JsonObject { ["name"] = "claims", ["rows"] = Claims(10) });
        await Call("load_data", new JsonObject { ["file"] = "claims", ["table"] = "claims", ["connection"] = "warehouse_db", ["mode"] = "create_or_replace" });
        using var ended = new CancellationTokenSource();
        await ended.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _methods.HandleAsync(new SdkRequest(_caller, "load_data", new JsonObject { ["file"] = "claims", ["table"] = "claims", ["connection"] = "warehouse_db", ["mode"] = "truncate_and_load" }) { Cancel = ended.Token }).AsTask());

        using var db = new SqliteConnection($"Data Source={Path.Combine(_root, "warehouse.db")}");
        db.Open();
        using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM claims";
        Assert.Equal(10L, count.ExecuteScalar());
    }
}
