using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pit.Connectors.Notifications;

/// <summary>
/// The JSON body of a notification webhook: Slack's and Teams' incoming webhooks read <c>text</c>;
/// other receivers can read the structured fields <c>dag</c>, <c>run_id</c>, <c>state</c>,
/// <c>failed_tasks</c>, <c>reason</c> and <c>url</c> (null when the service's address is not known).
/// </summary>
public sealed record WebhookPayload(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("dag")] string Dag,
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("failed_tasks")] IReadOnlyList<string> FailedTasks,
    [property: JsonPropertyName("url")] string? Url)
{
    public static WebhookPayload Of(RunNotice notice) =>
        new(notice.Text, notice.Dag, notice.RunId, notice.State, notice.Reason, notice.FailedTasks, notice.Url);

    public string ToJson() => JsonSerializer.Serialize(this);
}
