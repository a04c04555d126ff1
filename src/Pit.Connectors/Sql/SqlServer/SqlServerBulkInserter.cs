using Microsoft.Data.SqlClient;

namespace Pit.Connectors.Sql.SqlServer;

/// <summary>
/// Inserts with <c>SqlBulkCopy</c> in the load's transaction, streaming each batch through a
/// <see cref="ColumnBatchReader"/>; columns are mapped by name, and SQL Server converts each value
/// to its target column's type.
/// </summary>
internal sealed class SqlServerBulkInserter(SqlConnection connection, SqlTransaction transaction, string qualifiedTable, IReadOnlyList<ColumnSpec> columns)
    : IBulkInserter
{
    public async Task InsertAsync(ColumnBatch batch, CancellationToken cancel)
    {
        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, transaction)
        {
            DestinationTableName = qualifiedTable,
            BulkCopyTimeout = 0,
            EnableStreaming = true,
            BatchSize = 0,
        };
        foreach (var column in columns) copy.ColumnMappings.Add(column.Name, column.Name);
        await using var reader = new ColumnBatchReader(batch);
        await copy.WriteToServerAsync(reader, cancel).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
