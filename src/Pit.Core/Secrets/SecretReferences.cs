using Pit.Core.Dags;

namespace Pit.Core.Secrets;

/// <summary>A secret a pit.toml names: the DAG (its project's scope), the field that names it, and the name.</summary>
public sealed record SecretReference(string Dag, string File, string Field, string Key);

/// <summary>Every secret a DAG's pit.toml names: connections, FTP credentials, webhook and notification tokens, and <c>smtp</c> for email notifications.</summary>
public static class SecretReferences
{
    public static IEnumerable<SecretReference> Of(DagDefinition dag)
    {
        SecretReference Ref(string field, string key) => new(dag.Name, dag.File, field, key);

        if (dag.Sql is { } sql) yield return Ref("dag.sql.connection", sql.Connection);
        if (dag.Dbt is { } dbt) yield return Ref("dag.dbt.connection", dbt.Connection);
        if (dag.FtpWatch?.Secret is { } ftp) yield return Ref("dag.ftp_watch.secret", ftp);
        if (dag.FtpWatch?.PasswordSecret is { } password) yield return Ref("dag.ftp_watch.password_secret", password);
        if (dag.Webhook is { } webhook) yield return Ref("dag.webhook.token_secret", webhook.TokenSecret);
        if (dag.Notify?.WebhookSecret is { } notify) yield return Ref("dag.notify.webhook_secret", notify);
        // Email notifications go through the structured secret "smtp" (server and credentials).
        if (dag.Notify is { Email.Count: > 0 }) yield return Ref("dag.notify.email", "smtp");
        var sqlConnection = dag.Sql?.Connection;
        foreach (var (task, index) in dag.Tasks.Select((t, i) => (t, i)))
        {
            // A data task's connection falls back to [dag.sql]; that one is listed once above.
            if (task.Data is { } data && data.Connection != sqlConnection)
                yield return Ref($"tasks[{index}].connection", data.Connection);
        }
    }
}
