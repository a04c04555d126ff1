using Pit.Connectors.Sql;
using Pit.Connectors.Tests.Support;

namespace Pit.Connectors.Tests.Sql;

public class SqlScriptSpecs
{
    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_multi_statement_script_runs_whole_and_counts_the_rows_it_changed(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var orders = db.Table("orders");

        var result = await db.RunAsync($"""
            CREATE TABLE {orders} (id INTEGER NOT NULL, amount INTEGER NOT NULL);
            INSERT INTO {orders} VALUES (1, 10), (2, 20), (3, 30);
            -- a temp table lives as long as the script's connection
            CREATE TEMP TABLE big (id INTEGER);
            INSERT INTO big SELECT id FROM {orders} WHERE amount >= 20;
            DELETE FROM {orders} WHERE id IN (SELECT id FROM big);
            INSERT INTO {orders} SELECT id + 10, 0 FROM big;
            """);

        Assert.Equal(3 + 2 + 2 + 2, result.RowsAffected);
        Assert.Equal(3, await db.LongAsync($"SELECT COUNT(*) FROM {orders}"));
        Assert.Equal(1 + 12 + 13, await db.LongAsync($"SELECT SUM(id) FROM {orders}"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_transaction_in_the_script_is_the_database_business(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var t = db.Table("t");
        await db.RunAsync($"CREATE TABLE {t} (id INTEGER)");

        await db.RunAsync($"BEGIN; INSERT INTO {t} VALUES (1); ROLLBACK; BEGIN; INSERT INTO {t} VALUES (2); COMMIT;");

        Assert.Equal(2, await db.LongAsync($"SELECT SUM(id) FROM {t}"));
    }

    [Theory]
    [InlineData("sqlite", "no such column: missing")]
    [InlineData("postgres", "column \"missing\" does not exist")]
    public async Task An_error_gives_the_database_message_and_the_line_of_the_script(string provider, string message)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var t = db.Table("t");

        var error = await Assert.ThrowsAsync<SqlScriptException>(() => db.RunAsync($"""
            CREATE TABLE {t} (id INTEGER);

            -- the next statement is fine
            INSERT INTO {t} VALUES (1);
            SELECT id,
                   missing
            FROM {t};
            """));

        Assert.Contains(message, error.Message);
        Assert.Equal(provider == "postgres" ? 6 : 5, error.Line);
        Assert.EndsWith($"(line {error.Line})", error.Message);
    }

    [Theory]
    [InlineData("sqlite", "NOT NULL constraint failed")]
    [InlineData("postgres", "violates not-null constraint")]
    public async Task A_runtime_error_gives_the_line_where_its_statement_starts(string provider, string message)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);
        var t = db.Table("t");

        var error = await Assert.ThrowsAsync<SqlScriptException>(() => db.RunAsync(
            $"CREATE TABLE {t} (id INTEGER NOT NULL);\nINSERT INTO {t} VALUES (1);\n\n/* a comment; with a semicolon */\nINSERT INTO {t}\nVALUES (NULL);"));

        Assert.Contains(message, error.Message);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public async Task A_postgres_syntax_error_points_at_its_line_past_quotes_and_dollar_quotes()
    {
        await using var db = await ScratchDatabase.CreateAsync("postgres");

        var error = await Assert.ThrowsAsync<SqlScriptException>(() => db.RunAsync(
            "SELECT 'a;b', $$c;\nd$$;\nSELECT E'e\\';f', \"g;h\" FROM (SELECT 1 AS \"g;h\") t;\n/* x; */ ;SELECT 1;\n  SELEC 2;"));

        Assert.Contains("syntax error at or near \"SELEC\"", error.Message);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public async Task Cancelling_a_postgres_script_stops_the_query_in_the_database()
    {
        await using var db = await ScratchDatabase.CreateAsync("postgres");
        var tag = "pit_cancel_" + Guid.NewGuid().ToString("N");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SqlScript.RunAsync(db.Target, $"SELECT pg_sleep(60) /* {tag} */", cancel.Token));

        // The server ends the statement on the cancel request; its backend may show it active a moment longer.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long running;
        while ((running = await db.LongAsync(
            $"SELECT COUNT(*) FROM pg_stat_activity WHERE query LIKE '%{tag}%' AND state = 'active' AND pid <> pg_backend_pid()")) > 0
            && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(0, running);
    }

    [Fact]
    public async Task Cancelling_a_sqlite_script_interrupts_the_running_statement()
    {
        await using var db = await ScratchDatabase.CreateAsync("sqlite");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        // Without the interrupt this never ends.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SqlScript.RunAsync(db.Target,
            "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) SELECT COUNT(*) FROM n;", cancel.Token));

        Assert.Equal(1, await db.LongAsync("SELECT 1"));
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_script_takes_as_long_as_it_needs(string provider)
    {
        await using var db = await ScratchDatabase.CreateAsync(provider);

        var result = await db.RunAsync(provider == "postgres" ? "SELECT pg_sleep(0.2)" : "SELECT 1");

        Assert.Equal(0, result.RowsAffected);
        Assert.True(result.Elapsed > TimeSpan.Zero);
    }
}
