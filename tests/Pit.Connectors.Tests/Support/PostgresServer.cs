using Pit.Connectors.Sql;
using Pit.Core.Secrets;
using Xunit.Sdk;

namespace Pit.Connectors.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: its ADO.NET connection string is in <c>PIT_TEST_POSTGRES</c>.
/// Without it the PostgreSQL tests fail (CI always starts one), saying how to start it.
/// </summary>
public static class PostgresServer
{
    public const string Variable = "PIT_TEST_POSTGRES";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new XunitException(
                $"{Variable} is not set: start PostgreSQL with `.ci/services/postgres.sh start` and export the line it prints " +
                $"(e.g. export {Variable}='Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres')");

    public static SqlTarget Target(string name = "pg") => SqlTargets.Resolve(name, Secrets.Plain(ConnectionString), "/");
}

/// <summary>Secrets as the secrets file would give them.</summary>
public static class Secrets
{
    public static Secret.Plain Plain(string value) => new() { Scope = "global", Key = "db", Value = value };

    public static Secret.Structured Structured(params (string Key, object Value)[] fields) =>
        new() { Scope = "global", Key = "db", Fields = fields.ToDictionary(f => f.Key, f => f.Value) };
}
