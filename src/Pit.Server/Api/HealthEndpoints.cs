using System.Reflection;
using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary>
/// <c>GET /api/health</c>: the service is up, which version, for how long, on which workspace, how
/// many DAGs its scheduler knows, which projects it could not load (with their errors), and which
/// failed the last reload and run their last valid version.
/// </summary>
public sealed record HealthReport(
    string Status,
    string Version,
    long UptimeSeconds,
    string Workspace,
    int Dags,
    IReadOnlyList<string> InvalidProjects)
{
    /// <summary>Projects whose pit.toml failed the last reload (each keeps running its last valid version).</summary>
    public IReadOnlyList<string> ReloadErrors { get; init; } = [];
}

public static class HealthEndpoints
{
    /// <summary>Pit's version, without the source revision the build appends after '+'.</summary>
    public static readonly string Version = ReadVersion();

    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/api/health", HealthAsync);

    private static async Task<IResult> HealthAsync(ApiBackend api, CancellationToken cancel)
    {
        SchedulerQueries.DagSchedules dags;
        try
        {
            dags = await api.DagsAsync(cancel);
        }
        catch (AskTimeoutException)
        {
            return ApiErrors.Result(StatusCodes.Status503ServiceUnavailable, "scheduler_unavailable",
                "the scheduler did not answer; pit serve's log on stderr may say why");
        }
        var uptime = (long)(DateTimeOffset.UtcNow - api.StartedAt).TotalSeconds;
        var report = new HealthReport("ok", Version, uptime, api.Workspace.Root, dags.Dags.Count, dags.InvalidProjects) { ReloadErrors = dags.ReloadErrors };
        return Results.Json(report, ApiJson.Readable.HealthReport);
    }

    private static string ReadVersion()
    {
        var version = typeof(HealthEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? typeof(HealthEndpoints).Assembly.GetName().Version?.ToString() ?? "unknown";
        var plus = version.IndexOf('+');
        return plus < 0 ? version : version[..plus];
    }
}
