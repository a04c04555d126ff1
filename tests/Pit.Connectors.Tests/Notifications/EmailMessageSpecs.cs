using Pit.Connectors.Notifications;

namespace Pit.Connectors.Tests.Notifications;

public class EmailMessageSpecs
{
    private static readonly RunNotice Failed = new("claims", "20250301T020000Z_claims", "failed", "failed: extract",
        ["extract"], "http://127.0.0.1:9090/api/runs/20250301T020000Z_claims");

    [Fact]
    public void The_email_names_the_dag_the_run_its_state_the_failed_tasks_and_the_link()
    {
        var message = EmailMessage.Build("Pit <pit@example.com>", ["ops@example.com", "data@example.com"], Failed);

        Assert.Equal("[pit] claims failed: run 20250301T020000Z_claims", message.Subject);
        Assert.Equal("pit@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal(["ops@example.com", "data@example.com"], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(
            "Pit: DAG claims, run 20250301T020000Z_claims failed (failed: extract).\n" +
            "Failed tasks: extract\n" +
            "Run: http://127.0.0.1:9090/api/runs/20250301T020000Z_claims\n",
            message.TextBody);
    }

    [Fact]
    public void A_success_without_a_link_says_so_in_one_line()
    {
        var message = EmailMessage.Build("pit@example.com", ["ops@example.com"], Failed with { State = "success", Reason = null, FailedTasks = [], Url = null });

        Assert.Equal("[pit] claims success: run 20250301T020000Z_claims", message.Subject);
        Assert.Equal("Pit: DAG claims, run 20250301T020000Z_claims success.\n", message.TextBody);
    }

    [Fact]
    public void A_recipient_that_is_not_an_address_is_named()
    {
        var error = Assert.Throws<NotificationException>(() => EmailMessage.Build("pit@example.com", ["ops@@"], Failed));

        Assert.Equal("[dag.notify] email: 'ops@@' is not an email address", error.Message);
    }
}
