using Npgsql;

namespace Pit.Connectors.Sql.Postgres;

/// <summary>
/// Inserts with binary <c>COPY … FROM STDIN</c>, one COPY per batch: written by
/// <see cref="PostgresBinaryRows"/> straight into the COPY stream when it covers every column (the
/// fast path), else through Npgsql's importer. Each value is written as the
/// type of its target column (looked up once), so a Parquet int64 goes into an <c>integer</c>
/// column and a wall-clock timestamp into a <c>timestamptz</c> one (taken as UTC).
/// </summary>
internal sealed class PostgresBulkInserter : IBulkInserter
{
    private delegate void Writer(NpgsqlBinaryImporter importer, int row);

    private readonly NpgsqlConnection _connection;
    private readonly string _copy;
    private readonly IReadOnlyList<string> _targetTypes;
    private readonly bool _raw;

    private PostgresBulkInserter(NpgsqlConnection connection, string copy, IReadOnlyList<string> targetTypes, bool raw)
    {
        _connection = connection;
        _copy = copy;
        _targetTypes = targetTypes;
        _raw = raw;
    }

    public static async Task<PostgresBulkInserter> StartAsync(
        NpgsqlConnection connection, PostgresDialect dialect, string qualifiedTable, IReadOnlyList<ColumnSpec> columns, CancellationToken cancel)
    {
        var list = string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)));
        await using var command = new NpgsqlCommand($"SELECT {list} FROM {qualifiedTable} LIMIT 0", connection);
        await using var reader = await command.ExecuteReaderAsync(cancel).ConfigureAwait(false);
        var types = (await reader.GetColumnSchemaAsync(cancel).ConfigureAwait(false)).Select(c => c.DataTypeName ?? "text").ToList();
        var raw = columns.Select((c, i) => PostgresBinaryRows.Supports(c.Type.Kind, types[i])).All(supported => supported);
        return new PostgresBulkInserter(connection, $"COPY {qualifiedTable} ({list}) FROM STDIN (FORMAT BINARY)", types, raw);
    }

    public async Task InsertAsync(ColumnBatch batch, CancellationToken cancel)
    {
        if (_raw)
        {
            var copy = await _connection.BeginRawBinaryCopyAsync(_copy, cancel).ConfigureAwait(false);
            try
            {
                await PostgresBinaryRows.WriteAsync(copy, batch, _targetTypes, cancel).ConfigureAwait(false);
            }
            catch (Exception)
            {
                await Abandon(copy).ConfigureAwait(false);
                throw;
            }
            // Disposing the raw stream ends the COPY, and raises the server's error if it refused a row.
            await copy.DisposeAsync().ConfigureAwait(false);
            return;
        }
        var writers = batch.Columns.Select((c, i) => WriterFor(c.Type.Kind, batch.Values[i], _targetTypes[i])).ToArray();
        await using var importer = await _connection.BeginBinaryImportAsync(_copy, cancel).ConfigureAwait(false);
        for (var row = 0; row < batch.RowCount; row++)
        {
            if ((row & 0xFFF) == 0) cancel.ThrowIfCancellationRequested();
            importer.StartRow();
            foreach (var write in writers) write(importer, row);
        }
        await importer.CompleteAsync(cancel).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Ends a COPY the writer could not finish (CopyFail), so the connection is usable for the rollback.</summary>
    private static async Task Abandon(NpgsqlRawCopyStream copy)
    {
        try
        {
            await copy.CancelAsync().ConfigureAwait(false);
            await copy.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException)
        {
            // the COPY had already failed on the server: nothing more to end
        }
    }

    private static Writer WriterFor(ColumnKind kind, Array values, string type) => kind switch
    {
        ColumnKind.Int32 => Write((int?[])values, type),
        ColumnKind.Int64 => Write((long?[])values, type),
        ColumnKind.Double => Write((double?[])values, type),
        ColumnKind.Decimal => Write((decimal?[])values, type),
        ColumnKind.Boolean => Write((bool?[])values, type),
        ColumnKind.String => WriteReference((string?[])values, type),
        ColumnKind.Date => Write((DateOnly?[])values, type),
        ColumnKind.Timestamp or ColumnKind.TimestampUtc => WriteTimestamps((DateTime?[])values, type),
        ColumnKind.Binary => WriteReference((byte[]?[])values, type),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static Writer Write<T>(T?[] values, string type) where T : struct =>
        (importer, row) =>
        {
            if (values[row] is { } v) importer.Write(v, type);
            else importer.WriteNull();
        };

    private static Writer WriteReference<T>(T?[] values, string type) where T : class =>
        (importer, row) =>
        {
            if (values[row] is { } v) importer.Write(v, type);
            else importer.WriteNull();
        };

    private static Writer WriteTimestamps(DateTime?[] values, string type)
    {
        var kind = PostgresTypes.IsInstant(type) ? DateTimeKind.Utc : DateTimeKind.Unspecified;
        return (importer, row) =>
        {
            if (values[row] is { } v) importer.Write(v.Kind == kind ? v : DateTime.SpecifyKind(v, kind), type);
            else importer.WriteNull();
        };
    }
}
