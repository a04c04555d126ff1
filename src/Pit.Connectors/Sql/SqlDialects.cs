using Pit.Connectors.Sql.Postgres;
using Pit.Connectors.Sql.Sqlite;
using Pit.Connectors.Sql.SqlServer;

namespace Pit.Connectors.Sql;

/// <summary>The one dialect of each provider.</summary>
public static class SqlDialects
{
    public static ISqlDialect For(SqlProvider provider) => provider switch
    {
        SqlProvider.Sqlite => SqliteDialect.Instance,
        SqlProvider.Postgres => PostgresDialect.Instance,
        SqlProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };
}
