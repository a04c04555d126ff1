namespace Pit.Connectors.Sql;

/// <summary>
/// A block of rows held column by column: one typed array per column, of nullable values
/// (<c>int?[]</c>, <c>long?[]</c>, <c>double?[]</c>, <c>decimal?[]</c>, <c>bool?[]</c>,
/// <c>string?[]</c>, <c>DateOnly?[]</c>, <c>DateTime?[]</c> for both timestamp kinds, <c>byte[]?[]</c>;
/// see <see cref="ColumnValues.Allocate"/>). A Parquet row group becomes one batch.
/// </summary>
public sealed class ColumnBatch
{
    public ColumnBatch(IReadOnlyList<ColumnSpec> columns, IReadOnlyList<Array> values, int rowCount)
    {
        if (columns.Count != values.Count) throw new ArgumentException("one array of values per column", nameof(values));
        Columns = columns;
        Values = values;
        RowCount = rowCount;
    }

    public IReadOnlyList<ColumnSpec> Columns { get; }

    public IReadOnlyList<Array> Values { get; }

    /// <summary>How many rows are used; the arrays may be longer.</summary>
    public int RowCount { get; }

    /// <summary>One value, boxed (<c>null</c> for SQL NULL).</summary>
    public object? Get(int column, int row) => Values[column].GetValue(row);
}
