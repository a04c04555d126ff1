using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Event;
using Akka.TestKit;
using Pit.Connectors.Notifications;
using Pit.Core.Dags;
using Pit.Core.Secrets;
using Pit.Core.Validation;
using Pit.Core.Workspace;
using Pit.Engine.Actors;
using Pit.Engine.Notifications;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Tests.Actors;

/// <summary>
/// The Notifier against a real catalog (an in-memory workspace), a secrets file, runs given by
/// hand in place of the journal, and recording senders in place of SMTP and HTTP; retry delays
/// pass on Akka's TestScheduler.
/// </summary>
public sealed class NotifierActorSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string Config = """
        akka.loglevel = INFO
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        """;

    private const string Root = "/tmp/pit-notifier-specs";
    private const string Password = "smtp-Pa55word-7f3a";
    private const string HookUrl = "https://hooks.example/services/T0KEN-7f3a";
    private const string LinkBase = "http://pit.example:9090";

    private const string SecretsText = $$"""
        [global]
        smtp = { host = "mail.example", port = 2525, username = "pit", password = "{{Password}}", from = "pit@example.com" }

        [claims]
        ops_hook = "{{HookUrl}}"
        """;

    private readonly RecordingEmail _email = new();
    private readonly RecordingWebhook _webhook = new();
    private readonly GivenRuns _runs = new();

    public NotifierActorSpecs() : base(Config)
    {
    }

    private TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    private IActorRef Notifier(NotifySettings settings, string secrets = SecretsText)
    {
        var workspace = new Workspace(Root, WorkspaceConfig.Defaults(Root), [], [Project("claims", settings)]);
        var catalog = Sys.ActorOf(ProjectCatalogActor.Props(workspace));
        var file = SecretsFileReader.Parse($"{Root}/secrets.toml", secrets, new ConfigErrorList())!;
        var options = new NotifierOptions { RunLinkBase = LinkBase };
        var notifier = Sys.ActorOf(NotifierActor.Props(catalog, file, options, new NotificationChannels(_email, _webhook), _runs));
        // Subscribed once it has started: an Identify answered means PreStart ran.
        notifier.Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(10)).Wait();
        return notifier;
    }

    private static ProjectLoad Project(string name, NotifySettings settings) =>
        new(name, $"{Root}/projects/{name}/pit.toml", new DagDefinition
        {
            Name = name,
            ProjectDir = $"{Root}/projects/{name}",
            File = $"{Root}/projects/{name}/pit.toml",
            Notify = settings,
            Tasks =
            [
                new TaskDefinition { Name = "extract", Script = "extract.py", Runner = TaskRunner.Python },
                new TaskDefinition { Name = "load", Script = "load.py", Runner = TaskRunner.Python, DependsOn = ["extract"] },
            ],
        }, []);

    private static NotifySettings Notify(NotifyOn[] on, string? webhook = "ops_hook") => new(on, ["ops@example.com", "data@example.com"], webhook);

    /// <summary>A run of claims that ended <paramref name="status"/>, known to the journal stand-in, announced on the event stream.</summary>
    private string Finish(RunStatus status, string? reason = null, string runId = "20250301_020000.000_claims")
    {
        var at = new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.Zero);
        var failed = status == RunStatus.Succeeded ? TaskStatus.Success : TaskStatus.Failed;
        var after = status == RunStatus.Succeeded ? TaskStatus.Success : TaskStatus.UpstreamFailed;
        _runs.Add(new RunSummary(runId, "claims", "manual", status, at, at.AddMinutes(1), TimeSpan.FromMinutes(1),
        [
            new TaskSummary("extract", failed, 1, at, at.AddMinutes(1), failed == TaskStatus.Failed ? 1 : 0, null),
            new TaskSummary("load", after, 0, null, at.AddMinutes(1), null, null),
        ]));
        Sys.EventStream.Publish(new RunEvents.RunFinished(runId, status, reason, at.AddMinutes(1)));
        return runId;
    }

    [Fact]
    public void A_failed_run_is_emailed_and_posted_with_its_failed_tasks_and_link()
    {
        Notifier(Notify([NotifyOn.Failure]));

        var runId = Finish(RunStatus.Failed, "failed: extract");

        AwaitAssert(() => Assert.Equal((1, 1), (_email.Calls.Count, _webhook.Calls.Count)));
        var email = _email.Calls.Single();
        var expected = new RunNotice("claims", runId, "failed", "failed: extract", ["extract"], $"{LinkBase}/api/runs/{runId}");
        Assert.Equal(expected, email.Notice with { FailedTasks = expected.FailedTasks });
        Assert.Equal(["extract"], email.Notice.FailedTasks);
        Assert.Equal(["ops@example.com", "data@example.com"], email.To);
        Assert.Equal(new SmtpSettings("mail.example", 2525, "pit", Password, "pit@example.com", SmtpTls.None), email.Smtp);
        var hook = _webhook.Calls.Single();
        Assert.Equal(new Uri(HookUrl), hook.Url);
        Assert.Equal(runId, hook.Notice.RunId);
    }

    [Fact]
    public void A_timed_out_run_counts_as_a_failure()
    {
        Notifier(Notify([NotifyOn.Failure], webhook: null));

        Finish(RunStatus.TimedOut, "the DAG timeout (1h) passed");

        AwaitAssert(() => Assert.Equal("timed_out", Assert.Single(_email.Calls).Notice.State));
        Assert.Empty(_webhook.Calls);
    }

    [Fact]
    public void A_success_is_not_notified_when_on_asks_for_failures_only_and_is_when_it_asks_for_successes()
    {
        Notifier(Notify([NotifyOn.Failure]));

        EventFilter.Info(contains: "ended success: [dag.notify] does not ask to hear of it").ExpectOne(() => Finish(RunStatus.Succeeded));
        Assert.Empty(_email.Calls);
        Assert.Empty(_webhook.Calls);
        Assert.Equal(0, _runs.Reads); // an outcome nobody asked to hear of is not read back from the journal

        Notifier(Notify([NotifyOn.Success]));
        Finish(RunStatus.Succeeded, runId: "20250301_030000.000_claims");
        AwaitAssert(() => Assert.Equal("success", Assert.Single(_email.Calls).Notice.State));
    }

    [Fact]
    public void A_cancelled_run_is_never_notified()
    {
        Notifier(Notify([NotifyOn.Failure, NotifyOn.Success]));

        EventFilter.Info(contains: "ended cancelled: [dag.notify] does not ask to hear of it").ExpectOne(() => Finish(RunStatus.Cancelled, "cancelled through the API"));

        Assert.Empty(_email.Calls);
    }

    [Fact]
    public void A_failing_send_is_tried_again_after_each_delay_then_given_up_with_secret_values_masked()
    {
        // A library that quotes the password and the URL in its error: the log must not.
        _email.Failure = new InvalidOperationException($"535 login pit/{Password} refused");
        _webhook.Failure = new HttpRequestException($"POST {HookUrl} failed");
        Notifier(Notify([NotifyOn.Failure]));

        EventFilter.Warning(contains: "the email to 2 recipients failed (attempt 1 of 4), trying again in 10s: InvalidOperationException: 535 login ***/*** refused")
            .ExpectOne(() => Finish(RunStatus.Failed));
        EventFilter.Warning(contains: "the email to 2 recipients failed (attempt 2 of 4), trying again in 1m").ExpectOne(() => Clock.Advance(TimeSpan.FromSeconds(10)));
        EventFilter.Warning(contains: "the email to 2 recipients failed (attempt 3 of 4), trying again in 5m").ExpectOne(() => Clock.Advance(TimeSpan.FromMinutes(1)));
        EventFilter.Error(contains: "the email to 2 recipients failed (attempt 4 of 4), giving up").ExpectOne(() => Clock.Advance(TimeSpan.FromMinutes(5)));

        Assert.Equal(4, _email.Calls.Count);
        AwaitAssert(() => Assert.Equal(4, _webhook.Calls.Count));
        Assert.DoesNotContain(_email.Calls, call => call.Notice.RunId != "20250301_020000.000_claims");
    }

    [Fact]
    public void Log_lines_name_the_secret_key_never_its_value()
    {
        _webhook.Failure = new HttpRequestException($"POST {HookUrl} failed");
        Notifier(Notify([NotifyOn.Failure]));
        var logs = CreateTestProbe();
        Sys.EventStream.Subscribe(logs.Ref, typeof(LogEvent));

        Finish(RunStatus.Failed);

        var lines = new List<string>();
        logs.FishForMessage<LogEvent>(e =>
        {
            lines.Add(e.Message.ToString() ?? "");
            return lines[^1].Contains("the webhook failed (attempt 1 of 4)", StringComparison.Ordinal);
        });
        Assert.Contains(lines, line => line.Contains("resolved secret 'smtp' from [global]", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains("resolved secret 'ops_hook' from [claims]", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, line => line.Contains(Password, StringComparison.Ordinal) || line.Contains("T0KEN-7f3a", StringComparison.Ordinal));
    }

    [Fact]
    public void A_send_that_works_on_its_second_attempt_is_not_tried_again()
    {
        _email.Failure = new NotificationException("email through secret 'smtp' failed to connect: ConnectionRefused");
        _email.FailuresLeft = 1;
        Notifier(Notify([NotifyOn.Failure], webhook: null));

        EventFilter.Warning(contains: "(attempt 1 of 4), trying again in 10s: email through secret 'smtp' failed to connect: ConnectionRefused")
            .ExpectOne(() => Finish(RunStatus.Failed));
        EventFilter.Info(contains: "the email to 2 recipients went out (attempt 2)").ExpectOne(() => Clock.Advance(TimeSpan.FromSeconds(10)));
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Equal(2, _email.Calls.Count);
    }

    [Fact]
    public void A_missing_secret_is_logged_with_its_key_and_where_it_looked_and_not_tried_again()
    {
        Notifier(Notify([NotifyOn.Failure], webhook: "nowhere_hook"), secrets: "[global]\nunrelated = \"x\"\n");

        EventFilter.Error(contains: $"the webhook not sent: secret 'nowhere_hook' not found for project 'claims': searched [claims] and [global] in {Root}/secrets.toml")
            .ExpectOne(() => EventFilter.Error(contains: "the email to 2 recipients not sent: secret 'smtp' not found").ExpectOne(() => Finish(RunStatus.Failed)));
        Clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(_email.Calls);
        Assert.Empty(_webhook.Calls);
    }

    [Fact]
    public void A_malformed_smtp_secret_is_logged_by_field_without_values()
    {
        Notifier(Notify([NotifyOn.Failure], webhook: null), secrets: $"[global]\nsmtp = {{ host = \"h\", password = \"{Password}\", from = \"pit@example.com\" }}\n");

        EventFilter.Error(contains: "the email to 2 recipients not sent: secret 'smtp' ([global], line 2) needs 'username' and 'password' together")
            .ExpectOne(() => Finish(RunStatus.Failed));

        Assert.Empty(_email.Calls);
    }

    [Fact]
    public void A_run_the_journal_does_not_know_is_logged_and_not_notified()
    {
        Notifier(Notify([NotifyOn.Failure]));

        EventFilter.Warning(contains: "Notifier: run 20250301_090000.000_claims: cannot tell whether to notify: the journal has no such run")
            .ExpectOne(() => Sys.EventStream.Publish(new RunEvents.RunFinished("20250301_090000.000_claims", RunStatus.Failed, null, DateTimeOffset.UtcNow)));

        Assert.Empty(_email.Calls);
    }

    private sealed class GivenRuns : IRunLookup
    {
        private readonly ConcurrentDictionary<string, RunSummary> _runs = new();

        private int _reads;

        /// <summary>How many runs the notifier read back.</summary>
        public int Reads => Volatile.Read(ref _reads);

        public void Add(RunSummary run) => _runs[run.RunId] = run;

        public Task<RunSummary?> GetAsync(string runId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _reads);
            return Task.FromResult(_runs.GetValueOrDefault(runId));
        }
    }

    private sealed class RecordingEmail : IEmailSender
    {
        public ConcurrentQueue<(SmtpSettings Smtp, IReadOnlyList<string> To, RunNotice Notice)> Calls { get; } = new();

        public Exception? Failure { get; set; }

        public int FailuresLeft { get; set; } = int.MaxValue;

        public Task SendAsync(SmtpSettings smtp, IReadOnlyList<string> to, RunNotice notice, CancellationToken cancel)
        {
            Calls.Enqueue((smtp, to, notice));
            if (Failure is null || FailuresLeft-- <= 0) return Task.CompletedTask;
            return Task.FromException(Failure);
        }
    }

    private sealed class RecordingWebhook : IWebhookSender
    {
        public ConcurrentQueue<(Uri Url, RunNotice Notice)> Calls { get; } = new();

        public Exception? Failure { get; set; }

        public Task PostAsync(Uri url, RunNotice notice, CancellationToken cancel)
        {
            Calls.Enqueue((url, notice));
            return Failure is null ? Task.CompletedTask : Task.FromException(Failure);
        }
    }
}
