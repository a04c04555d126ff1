using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;

namespace Pit.Connectors.Tests.Sql;

public class SqlRowReaderSpecs
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Rows_come_back_as_name_and_plain_value_up_to_the_limit(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var table = db.Table("t");
        await db.RunAsync($"CREATE TABLE {table} (id BIGINT, label TEXT, ratio REAL); INSERT INTO {table} VALUES (1, 'a', 0.5), (2, NULL, NULL), (3, 'c', 1);");

        var rows = await SqlRowReader.ReadAsync(db.Target, $"SELECT id, label, ratio FROM {table} ORDER BY id", 2, CancellationToken.None);

        Assert.Equal(2, rows.Count);
        Assert.Equal(["id", "label", "ratio"], rows[0].Keys);
        Assert.Equal([1L, "a", 0.5], rows[0].Values);
        Assert.Equal([2L, null, null], rows[1].Values);
    }

    [Theory]
    [InlineData("sqlite", "no such table")]
    [InlineData("postgres", "does not exist")]
    public async Task A_database_error_is_a_script_exception(string provider, string message)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);

        var error = await Assert.ThrowsAsync<SqlScriptException>(() =>
            SqlRowReader.ReadAsync(db.Target, "SELECT * FROM\n  missing_table", 10, CancellationToken.None));

        Assert.Contains(message, error.Message);
        if (provider == "postgres") Assert.Equal(2, error.Line);
    }
}
