using System.Text.Json;
using Pit.Connectors.Notifications;

namespace Pit.Connectors.Tests.Notifications;

public class WebhookPayloadSpecs
{
    [Fact]
    public void The_body_has_slack_text_and_the_structured_fields()
    {
        var notice = new RunNotice("claims", "20250301T020000Z_claims", "timed_out", "the DAG timeout (1h) passed",
            ["load", "report"], "http://pit.example:9090/api/runs/20250301T020000Z_claims");

        using var json = JsonDocument.Parse(WebhookPayload.Of(notice).ToJson());
        var body = json.RootElement;

        Assert.Equal(notice.Text, body.GetProperty("text").GetString());
        Assert.StartsWith("Pit: DAG claims, run 20250301T020000Z_claims timed_out", body.GetProperty("text").GetString());
        Assert.Equal("claims", body.GetProperty("dag").GetString());
        Assert.Equal("20250301T020000Z_claims", body.GetProperty("run_id").GetString());
        Assert.Equal("timed_out", body.GetProperty("state").GetString());
        Assert.Equal("the DAG timeout (1h) passed", body.GetProperty("reason").GetString());
        Assert.Equal(["load", "report"], body.GetProperty("failed_tasks").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(notice.Url, body.GetProperty("url").GetString());
    }

    [Fact]
    public void Without_a_link_url_is_null()
    {
        using var json = JsonDocument.Parse(WebhookPayload.Of(new RunNotice("d", "r", "success", null, [], null)).ToJson());

        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("url").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("failed_tasks").GetArrayLength());
    }
}
