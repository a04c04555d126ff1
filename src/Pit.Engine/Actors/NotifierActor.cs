using Akka.Actor;
using Akka.Event;
using Pit.Connectors.Notifications;
using Pit.Core.Dags;
using Pit.Core.Secrets;
using Pit.Engine.Notifications;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Actors;

/// <summary>
/// Tells people how runs ended (<c>/user/pit/notifier</c>, <c>pit serve</c> only). On each
/// <see cref="RunEvents.RunFinished"/> of the event stream it reads its DAG's <c>[dag.notify]</c>
/// from the catalog and, only when the DAG asks to hear of that outcome, the run from the journal
/// (runs are looked up one at a time, in the order they finished); when <see cref="RunNotices.Wanted"/> says so it sends an email through the
/// <c>smtp</c> secret and / or posts to the URL of <c>webhook_secret</c>, both resolved from the DAG's
/// section of the secrets file, then <c>[global]</c>. A failed send is logged and tried again after
/// each of <see cref="NotifierOptions.RetryDelays"/>; a missing or malformed secret is logged once.
/// Nothing it does reaches the run. Logs name secret keys, never values.
/// </summary>
public sealed class NotifierActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    private readonly IActorRef _catalog;
    private readonly SecretsFile _secrets;
    private readonly NotifierOptions _options;
    private readonly NotificationChannels _channels;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Queue<RunEvents.RunFinished> _finished = new();
    private readonly CancellationTokenSource _stopping = new();
    private IRunLookup? _runs;
    private bool _lookingUp;

    public NotifierActor(IActorRef catalog, SecretsFile secrets, NotifierOptions options, NotificationChannels channels, IRunLookup? runs)
    {
        _catalog = catalog;
        _secrets = secrets;
        _options = options;
        _channels = channels;
        _runs = runs;

        Receive<RunEvents.RunFinished>(finished =>
        {
            _finished.Enqueue(finished);
            LookUpNext();
        });
        Receive<LookedUp>(looked =>
        {
            _lookingUp = false;
            Decide(looked);
            LookUpNext();
        });
        Receive<Delivery>(Send);
        Receive<Sent>(sent => _log.Info("{0} went out (attempt {1})", About(sent.Delivery), sent.Delivery.Attempt));
        Receive<NotSent>(Failed);
    }

    /// <param name="channels">How notifications go out; null for MailKit and HttpClient.</param>
    /// <param name="runs">Where finished runs are read; null for the journal.</param>
    public static Props Props(IActorRef catalog, SecretsFile secrets, NotifierOptions options, NotificationChannels? channels = null, IRunLookup? runs = null) =>
        Akka.Actor.Props.Create(() => new NotifierActor(catalog, secrets, options, channels ?? NotificationChannels.Real(), runs));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        _runs ??= new RunHistoryReader(Context.System);
        Context.System.EventStream.Subscribe(Self, typeof(RunEvents.RunFinished));
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _stopping.Cancel();
        _stopping.Dispose();
    }

    // ── Which runs, and what they say ──────────────────────────────────────────────────────────

    private void LookUpNext()
    {
        if (_lookingUp || !_finished.TryDequeue(out var finished)) return;
        _lookingUp = true;
        LookUpAsync(finished, _runs!).PipeTo(Self,
            success: looked => looked,
            failure: error => new LookedUp(finished, null, null, error.GetBaseException().Message));
    }

    /// <summary>
    /// The DAG first (named by the run id): only a run whose DAG asks to hear of its outcome is read
    /// back from the journal, so the runs of the many DAGs without <c>[dag.notify]</c> cost no read.
    /// </summary>
    private async Task<LookedUp> LookUpAsync(RunEvents.RunFinished finished, IRunLookup runs)
    {
        var name = RunIds.DagOf(finished.RunId);
        var lookup = await _catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(name), AskTimeout).ConfigureAwait(false);
        if (lookup.Dag is not { } dag) return new LookedUp(finished, null, null, $"DAG {name} is not in the catalog (or no longer valid)");
        if (dag.Notify is not { } settings || !RunNotices.Wanted(settings, finished.Status)) return new LookedUp(finished, null, dag, null);
        var run = await runs.GetAsync(finished.RunId).ConfigureAwait(false);
        return new LookedUp(finished, run, dag, run is null ? "the journal has no such run" : null);
    }

    private void Decide(LookedUp looked)
    {
        var finished = looked.Finished;
        if (looked.Dag is not { } dag)
        {
            _log.Warning("Notifier: run {0}: cannot tell whether to notify: {1}", finished.RunId, looked.Problem);
            return;
        }
        if (dag.Notify is not { } settings) return;
        if (!RunNotices.Wanted(settings, finished.Status))
        {
            _log.Info("Notifier: run {0} of {1} ended {2}: [dag.notify] does not ask to hear of it",
                finished.RunId, dag.Name, StatusNames.Of(finished.Status));
            return;
        }
        if (looked.Run is not { } run)
        {
            _log.Warning("Notifier: run {0}: cannot tell whether to notify: {1}", finished.RunId, looked.Problem);
            return;
        }
        var notice = RunNotices.Of(run, finished, _options.RunLinkBase);
        foreach (var delivery in Delivery.For(settings, notice)) Send(delivery);
    }

    // ── Sending and trying again ───────────────────────────────────────────────────────────────

    private void Send(Delivery delivery)
    {
        var notice = delivery.Notice;
        var lookup = _secrets.Resolve(notice.Dag, delivery.SecretKey);
        if (lookup.Secret is not { } secret)
        {
            _log.Error("{0} not sent: {1}", About(delivery), lookup.Error);
            return;
        }
        _log.Info("{0}: resolved secret '{1}' from [{2}]", About(delivery), delivery.SecretKey, secret.Scope);
        Task sending;
        try
        {
            sending = delivery.Channel switch
            {
                DeliveryChannel.Email => _channels.Email.SendAsync(SmtpSettings.Read(secret), delivery.Recipients, notice, _stopping.Token),
                _ => _channels.Webhook.PostAsync(WebhookTarget.Read(secret), notice, _stopping.Token),
            };
        }
        catch (NotificationException ex)
        {
            // The secret itself is wrong: trying again would not help.
            _log.Error("{0} not sent: {1}", About(delivery), ex.Message);
            return;
        }
        catch (Exception ex)
        {
            _log.Error("{0} not sent: {1}", About(delivery), Masked(secret, Describe(ex)));
            return;
        }
        sending.PipeTo(Self,
            success: () => new Sent(delivery),
            failure: error => new NotSent(delivery, Masked(secret, Describe(error))));
    }

    /// <summary><paramref name="text"/> with every value of <paramref name="secret"/> masked.</summary>
    private static string Masked(Secret secret, string text)
    {
        var redactor = new Redactor();
        redactor.Add(secret.Values);
        return redactor.Redact(text);
    }

    private void Failed(NotSent failed)
    {
        var delivery = failed.Delivery;
        if (delivery.Attempt >= _options.Attempts)
        {
            _log.Error("{0} failed (attempt {1} of {2}), giving up: {3}", About(delivery), delivery.Attempt, _options.Attempts, failed.Error);
            return;
        }
        var delay = _options.RetryDelays[delivery.Attempt - 1];
        Timers.StartSingleTimer(delivery.Id, delivery.Next(), delay);
        _log.Warning("{0} failed (attempt {1} of {2}), trying again in {3}: {4}",
            About(delivery), delivery.Attempt, _options.Attempts, Core.Time.DurationText.Format(delay), failed.Error);
    }

    /// <summary>The start of every log line about a delivery: <c>Notifier: run … of etl: the webhook</c>.</summary>
    private static string About(Delivery delivery) => $"Notifier: run {delivery.Notice.RunId} of {delivery.Notice.Dag}: {delivery.What}";

    /// <summary>A sender's own message (it names no value), else the exception's kind and message, redacted by the caller.</summary>
    private static string Describe(Exception error)
    {
        var cause = error is AggregateException aggregate ? aggregate.GetBaseException() : error;
        return cause is NotificationException ? cause.Message : $"{cause.GetType().Name}: {cause.Message}";
    }

    private sealed record LookedUp(RunEvents.RunFinished Finished, RunSummary? Run, DagDefinition? Dag, string? Problem);

    private sealed record Sent(Delivery Delivery);

    private sealed record NotSent(Delivery Delivery, string Error);
}
