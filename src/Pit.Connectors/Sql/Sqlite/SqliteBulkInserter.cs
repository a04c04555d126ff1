using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Pit.Connectors.Sql.Sqlite;

/// <summary>
/// Inserts with prepared multi-row <c>INSERT … VALUES (…),(…)</c> statements, reused for every
/// block of rows, with values bound straight through SQLite's C API (no boxing, no ADO.NET command
/// per row). Runs in the caller's transaction. Values are stored as <see cref="SqliteDialect"/> says.
/// </summary>
internal sealed class SqliteBulkInserter : IBulkInserter
{
    /// <summary>Rows per statement: enough to spread the cost of a step, few enough to keep statements small.</summary>
    private const int MaxRowsPerStatement = 64;

    private delegate int Binder(sqlite3_stmt statement, int parameter, int row);

    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly string _insert;
    private readonly string _rowPlaceholders;
    private readonly int _columnCount;
    private readonly int _rowsPerStatement;
    private readonly Dictionary<int, sqlite3_stmt> _statements = [];

    public SqliteBulkInserter(SqliteConnection connection, string qualifiedTable, IReadOnlyList<ColumnSpec> columns, SqliteDialect dialect)
    {
        _connection = connection;
        _db = connection.Handle ?? throw new InvalidOperationException("the SQLite connection is not open");
        _columnCount = columns.Count;
        _rowsPerStatement = Math.Clamp(30000 / Math.Max(1, _columnCount), 1, MaxRowsPerStatement);
        _insert = $"INSERT INTO {qualifiedTable} ({string.Join(", ", columns.Select(c => dialect.QuoteIdentifier(c.Name)))}) VALUES ";
        _rowPlaceholders = "(" + string.Join(",", Enumerable.Repeat("?", _columnCount)) + ")";
    }

    public Task InsertAsync(ColumnBatch batch, CancellationToken cancel)
    {
        using var interrupt = SqliteDialect.Interrupt(_connection, cancel);
        var binders = batch.Columns.Select((c, i) => BinderFor(c.Type.Kind, batch.Values[i])).ToArray();
        var row = 0;
        while (row < batch.RowCount)
        {
            cancel.ThrowIfCancellationRequested();
            var rows = Math.Min(_rowsPerStatement, batch.RowCount - row);
            var statement = StatementFor(rows);
            var parameter = 1;
            for (var r = row; r < row + rows; r++)
            {
                foreach (var bind in binders)
                    Check(bind(statement, parameter++, r), cancel);
            }
            Check(raw.sqlite3_step(statement), cancel);
            raw.sqlite3_reset(statement);
            row += rows;
        }
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values) statement.Dispose();
        _statements.Clear();
        return ValueTask.CompletedTask;
    }

    private sqlite3_stmt StatementFor(int rows)
    {
        if (_statements.TryGetValue(rows, out var statement)) return statement;
        var sql = _insert + string.Join(",", Enumerable.Repeat(_rowPlaceholders, rows));
        var rc = raw.sqlite3_prepare_v2(_db, sql, out statement);
        if (rc != raw.SQLITE_OK) throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), rc);
        return _statements[rows] = statement;
    }

    private void Check(int rc, CancellationToken cancel)
    {
        if (rc is raw.SQLITE_OK or raw.SQLITE_DONE) return;
        if (rc == raw.SQLITE_INTERRUPT && cancel.IsCancellationRequested)
            throw new OperationCanceledException("the load was interrupted", cancel);
        var message = raw.sqlite3_errmsg(_db).utf8_to_string();
        foreach (var statement in _statements.Values) raw.sqlite3_reset(statement);
        throw new SqliteException($"SQLite Error {rc}: '{message}'.", rc);
    }

    private static Binder BinderFor(ColumnKind kind, Array values) => kind switch
    {
        ColumnKind.Int32 => Bind((int?[])values, (s, p, v) => raw.sqlite3_bind_int64(s, p, v)),
        ColumnKind.Int64 => Bind((long?[])values, raw.sqlite3_bind_int64),
        ColumnKind.Double => Bind((double?[])values, raw.sqlite3_bind_double),
        ColumnKind.Decimal => Bind((decimal?[])values, (s, p, v) => raw.sqlite3_bind_text(s, p, v.ToString(CultureInfo.InvariantCulture))),
        ColumnKind.Boolean => Bind((bool?[])values, (s, p, v) => raw.sqlite3_bind_int64(s, p, v ? 1 : 0)),
        ColumnKind.String => BindText((string?[])values),
        ColumnKind.Date => Bind((DateOnly?[])values, (s, p, v) => raw.sqlite3_bind_text(s, p, ColumnValues.ToText(v))),
        ColumnKind.Timestamp or ColumnKind.TimestampUtc => Bind((DateTime?[])values, (s, p, v) => raw.sqlite3_bind_text(s, p, ColumnValues.ToText(v))),
        ColumnKind.Binary => BindBlob((byte[]?[])values),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static Binder Bind<T>(T?[] values, Func<sqlite3_stmt, int, T, int> bind) where T : struct =>
        (s, p, r) => values[r] is { } v ? bind(s, p, v) : raw.sqlite3_bind_null(s, p);

    private static Binder BindText(string?[] values) =>
        (s, p, r) => values[r] is { } v ? raw.sqlite3_bind_text(s, p, v) : raw.sqlite3_bind_null(s, p);

    private static Binder BindBlob(byte[]?[] values) =>
        (s, p, r) => values[r] is { } v ? raw.sqlite3_bind_blob(s, p, v) : raw.sqlite3_bind_null(s, p);
}
