using System.Text.Json.Nodes;
using Pit.Connectors.Parquet;
using Pit.Connectors.Sql;
using Pit.Core.Dags;
using Pit.Engine.Runners;

namespace Pit.Engine.Sdk;

/// <summary>
/// The SDK's data methods, served by Pit itself (Parquet.Net and the SQL connectors, no driver in the task):
/// <c>load_data {file, table, connection, schema?, mode?}</c> bulk-loads a Parquet file of the run's data
/// folder into a table; <c>output_sql {connection, query, name}</c> streams a query into
/// <c>&lt;name&gt;.parquet</c>; <c>read_sql {connection, query, max_rows?}</c> returns rows;
/// <c>write_rows {name, rows}</c> and <c>read_rows {name, max_rows?}</c> write and read a Parquet file
/// of rows for tasks without pyarrow. Connections resolve like a task's (recorded secret accesses);
/// files outside the data folder are refused.
/// </summary>
public sealed class SdkDataMethods(SdkData data, ISecretSource secrets, Redactor redactor)
{
    public const string SqlError = "sql_error";
    public const string ConnectionError = "connection_error";
    public const int DefaultMaxRows = 100_000;

    public static readonly IReadOnlyList<string> Names = ["load_data", "output_sql", "read_sql", "write_rows", "read_rows"];

    public async ValueTask<(JsonNode? Result, SdkError? Error)> HandleAsync(SdkRequest request)
    {
        try
        {
            return request.Method switch
            {
                "load_data" => await LoadAsync(request).ConfigureAwait(false),
                "output_sql" => await OutputAsync(request).ConfigureAwait(false),
                "read_sql" => await ReadSqlAsync(request).ConfigureAwait(false),
                "write_rows" => await WriteRowsAsync(request).ConfigureAwait(false),
                _ => await ReadRowsAsync(request).ConfigureAwait(false),
            };
        }
        catch (BadRequest e)
        {
            return (null, new SdkError(e.Code, redactor.Redact(e.Message)));
        }
        catch (TaskFailedException e)
        {
            return (null, new SdkError(ConnectionError, redactor.Redact(e.Message)));
        }
        catch (SqlConnectorException e)
        {
            return (null, new SdkError(SqlError, redactor.Redact(e.Message)));
        }
    }

    private async Task<(JsonNode?, SdkError?)> LoadAsync(SdkRequest request)
    {
        var p = request.Params;
        var file = ExistingFile(Text(p, "file"));
        var table = Text(p, "table");
        var target = await TargetAsync(request, Text(p, "connection")).ConfigureAwait(false);
        var modeText = Optional(p, "mode") ?? "append";
        if (!LoadModes.ByName.TryGetValue(modeText, out var mode))
            throw new BadRequest($"params.mode '{modeText}' is not a load mode ({string.Join(", ", LoadModes.ByName.Keys)})");
        var result = await ParquetBulkLoader.LoadAsync(target, file, table, Optional(p, "schema"), mode, request.Cancel).ConfigureAwait(false);
        return (new JsonObject
        {
            ["rows"] = result.Rows, ["row_groups"] = result.RowGroups,
            ["seconds"] = result.Elapsed.TotalSeconds, ["rows_per_second"] = Math.Round(result.RowsPerSecond),
        }, null);
    }

    private async Task<(JsonNode?, SdkError?)> OutputAsync(SdkRequest request)
    {
        var p = request.Params;
        var file = DataFile(Text(p, "name"));
        var query = Text(p, "query");
        var target = await TargetAsync(request, Text(p, "connection")).ConfigureAwait(false);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var result = await ParquetQueryWriter.SaveAsync(target, query, file, request.Cancel).ConfigureAwait(false);
        return (new JsonObject
        {
            ["path"] = file, ["rows"] = result.Rows, ["row_groups"] = result.RowGroups,
            ["seconds"] = result.Elapsed.TotalSeconds, ["rows_per_second"] = Math.Round(result.RowsPerSecond),
        }, null);
    }

    private async Task<(JsonNode?, SdkError?)> ReadSqlAsync(SdkRequest request)
    {
        var p = request.Params;
        var query = Text(p, "query");
        var target = await TargetAsync(request, Text(p, "connection")).ConfigureAwait(false);
        var rows = await SqlRowReader.ReadAsync(target, query, MaxRows(p), request.Cancel).ConfigureAwait(false);
        return (SdkJson.Rows(rows), null);
    }

    private async Task<(JsonNode?, SdkError?)> WriteRowsAsync(SdkRequest request)
    {
        var p = request.Params;
        var file = DataFile(Text(p, "name"));
        if (p["rows"] is not JsonArray array) throw new BadRequest("params.rows must be a list of objects");
        var rows = new List<IReadOnlyDictionary<string, object?>>(array.Count);
        foreach (var item in array)
        {
            if (item is not JsonObject row) throw new BadRequest($"params.rows[{rows.Count}] is not an object");
            rows.Add(row.ToDictionary(field => field.Key, field => SdkJson.FromJson(field.Value)));
        }
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var written = await ParquetRows.WriteAsync(file, rows, request.Cancel).ConfigureAwait(false);
        return (new JsonObject { ["path"] = file, ["rows"] = written }, null);
    }

    private async Task<(JsonNode?, SdkError?)> ReadRowsAsync(SdkRequest request)
    {
        var file = ExistingFile(Text(request.Params, "name"));
        var rows = await ParquetRows.ReadAsync(file, MaxRows(request.Params), request.Cancel).ConfigureAwait(false);
        return (SdkJson.Rows(rows), null);
    }

    private Task<SqlTarget> TargetAsync(SdkRequest request, string connection) =>
        SqlConnectionLookup.ResolveAsync(secrets, request.Caller, connection, data.WorkspaceRoot, redactor);

    private string DataFile(string name) =>
        DataFiles.Resolve(data.DataDir, name, out var error) ?? throw new BadRequest(error!);

    private string ExistingFile(string name)
    {
        var file = DataFile(name);
        return File.Exists(file) ? file : throw new BadRequest($"{file} does not exist in the run's data folder", SdkError.NotFound);
    }

    private static int MaxRows(JsonObject p)
    {
        if (p["max_rows"] is null) return DefaultMaxRows;
        return p["max_rows"] is JsonValue v && v.TryGetValue<int>(out var max) && max > 0
            ? max
            : throw new BadRequest("params.max_rows must be a positive integer");
    }

    private static string Text(JsonObject p, string name) =>
        p[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0
            ? text
            : throw new BadRequest($"params.{name} must be a non-empty string");

    private static string? Optional(JsonObject p, string name) => p[name] is null ? null : Text(p, name);

    private sealed class BadRequest(string message, string code = SdkError.BadRequest) : Exception(message)
    {
        public string Code { get; } = code;
    }
}
