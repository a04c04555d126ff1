using Pit.Connectors.Notifications;
using Pit.Core.Secrets;

namespace Pit.Connectors.Tests.Notifications;

public class WebhookTargetSpecs
{
    private const string Url = "https://hooks.slack.example/services/T000/B000/XXXXSECRET";

    private static Secret.Plain Plain(string value) => new() { Scope = "etl", Key = "ops_hook", Line = 7, Value = value };

    [Fact]
    public void A_plain_https_url_is_the_target() =>
        Assert.Equal(new Uri(Url), WebhookTarget.Read(Plain("  " + Url + "\n")));

    [Theory]
    [InlineData("hooks.slack.example/services/XXXXSECRET")]
    [InlineData("ftp://hooks.slack.example/XXXXSECRET")]
    public void Anything_but_an_http_url_is_refused_without_quoting_it(string value)
    {
        var error = Assert.Throws<NotificationException>(() => WebhookTarget.Read(Plain(value)));

        Assert.Equal("secret 'ops_hook' ([etl], line 7) is not an http:// or https:// URL", error.Message);
    }

    [Fact]
    public void A_structured_secret_is_refused()
    {
        var secret = new Secret.Structured { Scope = "global", Key = "ops_hook", Line = 3, Fields = new Dictionary<string, object> { ["url"] = Url } };

        var error = Assert.Throws<NotificationException>(() => WebhookTarget.Read(secret));

        Assert.Contains("must be a plain value holding the webhook URL", error.Message);
        Assert.DoesNotContain("XXXXSECRET", error.Message);
    }
}
