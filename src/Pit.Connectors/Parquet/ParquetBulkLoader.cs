using System.Data.Common;
using System.Diagnostics;
using global::Parquet;
using Pit.Connectors.Sql;
using Pit.Core.Dags;

namespace Pit.Connectors.Parquet;

/// <summary>
/// Loads a Parquet file into a table, row group by row group (memory holds one row group, whatever
/// the file's size), by the dialect's fastest path: binary COPY on PostgreSQL, prepared multi-row
/// inserts on SQLite, SqlBulkCopy on SQL Server. Columns are matched by name. The whole load is one
/// transaction: if anything fails the table is left exactly as it was, and the message says which
/// row group failed (its index and rows) and what the database said.
/// </summary>
public static class ParquetBulkLoader
{
    /// <param name="mode">
    /// <see cref="LoadMode.Append"/> adds the rows; <see cref="LoadMode.TruncateAndLoad"/> empties the
    /// table first; <see cref="LoadMode.CreateOrReplace"/> drops it if it exists and creates it from
    /// the file's schema with the dialect's type mapping (every column nullable).
    /// </param>
    /// <exception cref="SqlConnectorException">The file cannot be read, the table cannot be prepared, or a row group failed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the load was rolled back.</exception>
    public static async Task<LoadResult> LoadAsync(
        SqlTarget target, string parquetFile, string table, string? schema, LoadMode mode, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var dialect = target.Dialect;
        var qualified = dialect.QualifiedTable(schema, table);
        await using var reader = await OpenAsync(parquetFile, cancel).ConfigureAwait(false);
        var columns = ParquetColumns.Specs(reader.Schema, parquetFile);

        await using var connection = await SqlConnections.OpenAsync(target, cancel).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancel).ConfigureAwait(false);
        long rows = 0;
        var ends = new List<long>();
        Task<ColumnBatch>? next = null;
        try
        {
            await PrepareTableAsync(target, connection, transaction, qualified, columns, mode, cancel).ConfigureAwait(false);
            await using (var inserter = await StartAsync(target, connection, transaction, schema, table, columns, cancel).ConfigureAwait(false))
            {
                // The next row group is decoded while the database takes the current one: at most two in memory.
                next = reader.RowGroupCount > 0 ? ParquetColumns.ReadRowGroupAsync(reader, 0, columns, cancel) : null;
                for (var group = 0; group < reader.RowGroupCount; group++)
                {
                    var batch = await next!.ConfigureAwait(false);
                    var following = group + 1;
                    next = following < reader.RowGroupCount
                        ? Task.Run(() => ParquetColumns.ReadRowGroupAsync(reader, following, columns, cancel), cancel)
                        : null;
                    try
                    {
                        await inserter.InsertAsync(batch, cancel).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException && !cancel.IsCancellationRequested)
                    {
                        throw new SqlConnectorException(
                            $"loading {Path.GetFileName(parquetFile)} into {qualified} ({target.Describe()}): row group {group} " +
                            $"(rows {rows + 1}–{rows + batch.RowCount}) failed: {DatabaseMessage(target, e)}; nothing was loaded", e);
                    }
                    rows += batch.RowCount;
                    ends.Add(rows);
                }
                try
                {
                    await inserter.CompleteAsync(cancel).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException && !cancel.IsCancellationRequested)
                {
                    throw new SqlConnectorException(
                        $"loading {Path.GetFileName(parquetFile)} into {qualified} ({target.Describe()}): {Where(inserter.FailedRow(e), ends)} " +
                        $"failed: {DatabaseMessage(target, e)}; nothing was loaded", e);
                }
            }
            await transaction.CommitAsync(cancel).ConfigureAwait(false);
        }
        catch
        {
            await Settle(next).ConfigureAwait(false);
            await RollBackAsync(transaction).ConfigureAwait(false);
            throw;
        }
        return new LoadResult(rows, reader.RowGroupCount, clock.Elapsed);
    }

    private static async Task<ParquetReader> OpenAsync(string parquetFile, CancellationToken cancel)
    {
        if (!File.Exists(parquetFile)) throw new SqlConnectorException($"Parquet file not found: {parquetFile}");
        try
        {
            return await ParquetReader.CreateAsync(parquetFile, ParquetColumns.ReadOptions, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or NotSupportedException)
        {
            throw new SqlConnectorException($"{parquetFile} cannot be read as Parquet: {e.Message}", e);
        }
    }

    private static async Task PrepareTableAsync(
        SqlTarget target, DbConnection connection, DbTransaction transaction, string qualified, IReadOnlyList<ColumnSpec> columns, LoadMode mode, CancellationToken cancel)
    {
        var dialect = target.Dialect;
        var statements = mode switch
        {
            LoadMode.CreateOrReplace =>
            [
                $"DROP TABLE IF EXISTS {qualified}",
                $"CREATE TABLE {qualified} ({string.Join(", ", columns.Select(c => $"{dialect.QuoteIdentifier(c.Name)} {dialect.ColumnDefinition(c.Type)}"))})",
            ],
            LoadMode.TruncateAndLoad => [dialect.TruncateTable(qualified)],
            _ => Array.Empty<string>(),
        };
        foreach (var sql in statements)
        {
            try
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException && !cancel.IsCancellationRequested)
            {
                throw new SqlConnectorException($"preparing {qualified} ({target.Describe()}) failed: {DatabaseMessage(target, e)}", e);
            }
        }
    }

    private static async Task<IBulkInserter> StartAsync(
        SqlTarget target, DbConnection connection, DbTransaction transaction, string? schema, string table, IReadOnlyList<ColumnSpec> columns, CancellationToken cancel)
    {
        try
        {
            return await target.Dialect.StartBulkInsertAsync(connection, transaction, schema, table, columns, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && !cancel.IsCancellationRequested)
        {
            throw new SqlConnectorException(
                $"loading into {target.Dialect.QualifiedTable(schema, table)} ({target.Describe()}) cannot start: {DatabaseMessage(target, e)}", e);
        }
    }

    /// <summary>Which row group holds <paramref name="row"/> (1-based), from the last row of each group.</summary>
    private static string Where(long? row, List<long> ends)
    {
        if (row is not { } failed) return "the load";
        var group = ends.FindIndex(end => failed <= end);
        if (group < 0) return $"row {failed}";
        var first = group == 0 ? 1 : ends[group - 1] + 1;
        return $"row group {group} (rows {first}–{ends[group]}), at row {failed},";
    }

    /// <summary>Lets a row group still being decoded finish before the reader is disposed; its own failure no longer matters.</summary>
    private static async Task Settle(Task? pending)
    {
        if (pending is null) return;
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the load has failed already; this is only the decoding of the next row group
        }
    }

    private static string DatabaseMessage(SqlTarget target, Exception e) =>
        target.Redact(target.Dialect.ScriptError(e, "")?.DatabaseMessage ?? e.Message);

    private static async Task RollBackAsync(DbTransaction transaction)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // Already rolled back by the database (an interrupted SQLite statement ends its transaction) or a broken connection: nothing to undo.
        }
    }
}
