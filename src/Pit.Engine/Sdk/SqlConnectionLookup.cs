using Pit.Connectors.Sql;
using Pit.Engine.Runners;

namespace Pit.Engine.Sdk;

/// <summary>
/// Turns a connection name into a <see cref="SqlTarget"/>: the secret of that name (scoped to the
/// caller's project, then <c>[global]</c>, the lookup recorded like any secret access), its values
/// added to the run's redactor, then parsed by <see cref="SqlTargets"/>. Errors name the connection, never a value.
/// </summary>
public static class SqlConnectionLookup
{
    public static async Task<SqlTarget> ResolveAsync(ISecretSource? secrets, SdkCaller caller, string connection, string workspaceRoot, Redactor? redactor)
    {
        if (secrets is null)
            throw new TaskFailedException($"connection '{connection}': this run has no secrets to resolve it from", ran: false);
        var lookup = await secrets.ResolveAsync(caller, connection).ConfigureAwait(false);
        if (lookup.Secret is not { } secret)
            throw new TaskFailedException($"connection '{connection}': {lookup.Error}", ran: false);
        redactor?.Add(secret.Values);
        try
        {
            return SqlTargets.Resolve(connection, secret, workspaceRoot);
        }
        catch (SqlConnectorException e)
        {
            throw new TaskFailedException(e.Message, ran: false);
        }
    }

    /// <summary>For a task's own connection: the caller is the attempt.</summary>
    public static Task<SqlTarget> ResolveAsync(TaskLaunch launch, string connection) =>
        ResolveAsync(launch.Secrets, new SdkCaller(launch.RunId, launch.Dag, launch.Task.Name, launch.Attempt), connection, launch.WorkspaceRoot, launch.Redactor);
}
