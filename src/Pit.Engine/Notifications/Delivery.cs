using Pit.Connectors.Notifications;
using Pit.Core.Dags;

namespace Pit.Engine.Notifications;

public enum DeliveryChannel { Email, Webhook }

/// <summary>
/// One notification of a run through one channel: the secret it needs (<c>smtp</c>, or the DAG's
/// <c>webhook_secret</c>), the recipients of an email, and the attempt it is on.
/// </summary>
public sealed record Delivery(DeliveryChannel Channel, string SecretKey, RunNotice Notice, IReadOnlyList<string> Recipients, int Attempt = 1)
{
    /// <summary>Unique among the deliveries in flight: the run and the channel.</summary>
    public string Id => $"{Notice.RunId}/{Channel}";

    /// <summary>For log lines: <c>the email to 2 recipients</c>, <c>the webhook</c>.</summary>
    public string What => Channel == DeliveryChannel.Email
        ? $"the email to {Recipients.Count} recipient{(Recipients.Count == 1 ? "" : "s")}"
        : "the webhook";

    public Delivery Next() => this with { Attempt = Attempt + 1 };

    /// <summary>An email when <c>email</c> lists addresses, a webhook when <c>webhook_secret</c> is set.</summary>
    public static IReadOnlyList<Delivery> For(NotifySettings settings, RunNotice notice)
    {
        var deliveries = new List<Delivery>();
        if (settings.Email.Count > 0) deliveries.Add(new Delivery(DeliveryChannel.Email, SmtpSettings.SecretKey, notice, settings.Email));
        if (settings.WebhookSecret is { } secret) deliveries.Add(new Delivery(DeliveryChannel.Webhook, secret, notice, []));
        return deliveries;
    }
}
