using System.Data.Common;
using System.Runtime.ExceptionServices;

namespace Pit.Connectors.Sql;

/// <summary>
/// The first rows of a query as name → value, for tasks that read a little data without a client
/// library of their own. Values are what the provider returns, made plain: <c>long</c>, <c>int</c>,
/// <c>double</c>, <c>decimal</c>, <c>bool</c>, <c>string</c>, <c>DateTime</c>, <c>DateOnly</c>,
/// <c>byte[]</c> or null (small integers widen to <c>int</c>, <c>float</c> to <c>double</c>, other types become text).
/// </summary>
public static class SqlRowReader
{
    /// <exception cref="SqlScriptException">The database refused the query.</exception>
    public static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadAsync(
        SqlTarget target, string query, int maxRows, CancellationToken cancel)
    {
        await using var connection = await SqlConnections.OpenAsync(target, cancel).ConfigureAwait(false);
        try
        {
            return await target.Dialect.ReadAsync(connection, query, reader => ReadRows(reader, maxRows, cancel), cancel).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var translated = SqlConnections.Translate(target, e, query, cancel);
            if (ReferenceEquals(translated, e)) ExceptionDispatchInfo.Throw(e);
            throw translated;
        }
    }

    private static async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> ReadRows(DbDataReader reader, int maxRows, CancellationToken cancel)
    {
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (rows.Count < maxRows && await reader.ReadAsync(cancel).ConfigureAwait(false))
        {
            var row = new Dictionary<string, object?>(names.Length, StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++) row[names[i]] = Plain(reader.GetValue(i));
            rows.Add(row);
        }
        return rows;
    }

    private static object? Plain(object value) => value switch
    {
        DBNull => null,
        long or int or double or decimal or bool or string or DateTime or DateOnly or byte[] => value,
        short s => (int)s,
        byte b => (int)b,
        float f => (double)f,
        _ => ColumnValues.ToText(value),
    };
}
