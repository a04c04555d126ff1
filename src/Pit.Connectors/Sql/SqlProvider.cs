namespace Pit.Connectors.Sql;

/// <summary>The databases Pit talks to. Each has one <see cref="ISqlDialect"/>.</summary>
public enum SqlProvider { Sqlite, Postgres, SqlServer }
