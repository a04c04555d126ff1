using Npgsql;

namespace Pit.Engine.Tests;

/// <summary>The PostgreSQL server of the test run (<c>.ci/services/postgres.sh start</c> gives its address in PIT_TEST_POSTGRES).</summary>
internal static class TestDatabases
{
    public static string Postgres => Environment.GetEnvironmentVariable("PIT_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("PIT_TEST_POSTGRES is not set: start a PostgreSQL server with `.ci/services/postgres.sh start` and export the line it prints");

    /// <summary>Waits until a query containing <paramref name="marker"/> is (or is no longer) running in the server.</summary>
    public static async Task AwaitPostgresQuery(string marker, bool present)
    {
        await using var db = new NpgsqlConnection(Postgres);
        await db.OpenAsync();
        for (var i = 0; i < 600; i++)
        {
            await using var command = new NpgsqlCommand(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' AND query LIKE @marker AND pid <> pg_backend_pid()", db);
            command.Parameters.AddWithValue("marker", "%" + marker + "%");
            var count = Convert.ToInt64(await command.ExecuteScalarAsync());
            if (count > 0 == present) return;
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"a query with {marker} is {(present ? "not" : "still")} running in PostgreSQL");
    }
}
