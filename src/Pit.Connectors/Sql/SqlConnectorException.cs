namespace Pit.Connectors.Sql;

/// <summary>
/// A SQL connector failed: a connection that cannot be resolved or opened, a load or a save that
/// went wrong. The message is for people; it names the connection, never a secret value.
/// </summary>
public class SqlConnectorException(string message, Exception? inner = null) : Exception(message, inner);
