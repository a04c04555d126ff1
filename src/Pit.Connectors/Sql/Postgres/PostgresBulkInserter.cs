using Npgsql;

namespace Pit.Connectors.Sql.Postgres;

/// <summary>
/// Inserts with binary <c>COPY … FROM STDIN</c>: written by <see cref="PostgresBinaryRows"/>
/// straight into one COPY stream for the whole load when it covers every column (the fast path;
/// the server's error names the refused row, see <see cref="FailedRow"/>), else through Npgsql's
/// importer, one COPY per batch. Each value is written as the
/// type of its target column (looked up once), so a Parquet int64 goes into an <c>integer</c>
/// column and a wall-clock timestamp into a <c>timestamptz</c> one (taken as UTC).
/// </summary>
internal sealed partial class PostgresBulkInserter : IBulkInserter
{
    private delegate void Writer(NpgsqlBinaryImporter importer, int row);

    private readonly NpgsqlConnection _connection;
    private readonly string _copy;
    private readonly IReadOnlyList<string> _targetTypes;
    private readonly bool _raw;
    private NpgsqlRawCopyStream? _stream;
    private PostgresBinaryRows? _rows;

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
            // One COPY for the whole load: the server takes rows while the next row group is decoded.
            if (_stream is null)
            {
                _stream = await _connection.BeginRawBinaryCopyAsync(_copy, cancel).ConfigureAwait(false);
                _rows = new PostgresBinaryRows(_stream, batch.Columns.Count);
            }
            try
            {
                await _rows!.WriteAsync(batch, _targetTypes, cancel).ConfigureAwait(false);
            }
            catch (Exception)
            {
                await AbandonAsync().ConfigureAwait(false);
                throw;
            }
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

    /// <summary>Ends the COPY: its trailer, then the server's verdict on every row (its error, if it refused one).</summary>
    public async Task CompleteAsync(CancellationToken cancel)
    {
        if (_stream is null || _rows is null) return;
        await _rows.EndAsync(cancel).ConfigureAwait(false);
        var stream = _stream;
        _stream = null;
        await stream.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>PostgreSQL names the refused row of a COPY in its context: <c>COPY claims, line 150001</c>.</summary>
    public long? FailedRow(Exception error) =>
        error is PostgresException { Where: { } where } && CopyLine().Match(where) is { Success: true } match
            ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public async ValueTask DisposeAsync() => await AbandonAsync().ConfigureAwait(false);

    [System.Text.RegularExpressions.GeneratedRegex(@"\bCOPY [^,]+, line (\d+)")]
    private static partial System.Text.RegularExpressions.Regex CopyLine();

    /// <summary>Ends a COPY that cannot finish (CopyFail), so the connection is usable for the rollback.</summary>
    private async Task AbandonAsync()
    {
        if (_stream is not { } copy) return;
        _stream = null;
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
