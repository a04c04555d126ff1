using System.Globalization;
using System.Net;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Pit.Core.Secrets;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary>
/// <c>POST /webhook/{dag}</c> with <c>Authorization: Bearer &lt;token&gt;</c>: starts a run (trigger
/// name <c>webhook</c>) of a DAG whose pit.toml has <c>[dag.webhook] token_secret</c>, the token being
/// that secret's value in the secrets file (the DAG's section, then <c>[global]</c>). The optional body
/// is the run's parameters, as for <c>POST /api/dags/{name}/trigger</c>. Needs no <c>api_token</c>.
/// A wrong or missing token, an unknown DAG, a DAG without a webhook, or a missing token secret all
/// get the same 401, so a caller learns nothing about which DAGs exist; a client that fails
/// <see cref="WebhookAttempts.Limit"/> times within <see cref="WebhookAttempts.Window"/> gets 429 on
/// every webhook request, even with the right token, until the window passes.
/// </summary>
public static class WebhookEndpoints
{
    /// <summary>The trigger name runs started through a webhook are recorded with.</summary>
    public const string TriggerName = "webhook";

    private const string Prefix = "/webhook";

    /// <summary>True for the webhook's paths, which <c>api_token</c> does not guard (the webhook has its own token).</summary>
    public static bool Owns(PathString path) => path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    public static void Map(IEndpointRouteBuilder app, SecretsFile secrets, WebhookAttempts attempts, ILogger log) =>
        app.MapPost(Prefix + "/{dag}", (string dag, HttpContext context, ApiBackend api, CancellationToken cancel) =>
            TriggerAsync(dag, context, api, secrets, attempts, log, cancel));

    private static async Task<IResult> TriggerAsync(
        string dag, HttpContext context, ApiBackend api, SecretsFile secrets, WebhookAttempts attempts, ILogger log, CancellationToken cancel)
    {
        var client = ClientOf(context);
        if (attempts.Blocked(client) is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TooManyAttempts();
        }
        var token = await TokenOfAsync(dag, api, secrets, log, cancel);
        if (token is null || !ApiToken.Presents(context.Request.Headers.Authorization.ToString(), token))
        {
            attempts.Failed(client);
            return Refusal();
        }

        var (parameters, problem) = await TriggerBody.ReadAsync(context.Request, cancel);
        if (problem is not null) return problem;
        var reply = await DagEndpoints.StartRunAsync(api, dag, TriggerName, parameters!, cancel);
        // The DAG went away between the check and the trigger (its pit.toml changed): say no more than for any unknown DAG.
        if (reply is SchedulerCommands.TriggerRejected { Kind: SchedulerCommands.RejectionKind.UnknownDag }) return Refusal();
        return DagEndpoints.Answer(dag, reply);
    }

    /// <summary>The token <paramref name="dag"/>'s webhook expects, or null when there is none to match.</summary>
    private static async Task<string?> TokenOfAsync(string dag, ApiBackend api, SecretsFile secrets, ILogger log, CancellationToken cancel)
    {
        var lookup = await api.Catalog.Ask<CatalogQueries.DagLookup>(new CatalogQueries.GetDag(dag), ApiBackend.QueryTimeout, cancel);
        if (lookup.Dag?.Webhook is not { } webhook) return null;
        var secret = secrets.Resolve(lookup.Dag.Name, webhook.TokenSecret);
        switch (secret.Secret)
        {
            case Secret.Plain { Value.Length: > 0 } plain:
                return plain.Value;
            case null:
                log.LogWarning("webhook of DAG {Dag} refused a request: {Problem}", lookup.Dag.Name, secret.Error);
                return null;
            default:
                log.LogWarning("webhook of DAG {Dag} refused a request: {Secret} must be a non-empty plain value to serve as its token_secret",
                    lookup.Dag.Name, secret.Secret.ToString());
                return null;
        }
    }

    private static IPAddress ClientOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address
            : IPAddress.None;

    /// <summary>The one answer to every webhook request that is not let through: it never says why.</summary>
    private static IResult Refusal() =>
        ApiErrors.Result(StatusCodes.Status401Unauthorized, "unauthorized", "missing or invalid webhook token");

    private static IResult TooManyAttempts() =>
        ApiErrors.Result(StatusCodes.Status429TooManyRequests, "too_many_attempts",
            $"more than {WebhookAttempts.Limit} failed webhook attempts from this address within {WebhookAttempts.Window.TotalSeconds:0} s; try again later");
}
