namespace Pit.Connectors.Sql;

/// <summary>What a script did: the rows it changed (as the database counts them) and how long it took.</summary>
public sealed record SqlScriptResult(long RowsAffected, TimeSpan Elapsed);
