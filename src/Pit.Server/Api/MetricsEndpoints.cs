using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Pit.Engine.Persistence.ReadModels;
using Pit.Engine.Protocol;

namespace Pit.Server.Api;

/// <summary>
/// <c>GET /metrics</c>, in Prometheus' text format: runs and tasks by state (from the run history),
/// finished runs' total duration and count, active runs, queued triggers, paused DAGs and how late
/// cron fires were (from the scheduler), and the service's uptime.
/// </summary>
public static class MetricsEndpoints
{
    public static void Map(IEndpointRouteBuilder api) => api.MapGet("/metrics", MetricsAsync);

    private static async Task<IResult> MetricsAsync(ApiBackend api, CancellationToken cancel)
    {
        var counts = await api.History.ReadAsync(RunCounts.Of, cancel);
        var dags = await api.DagsAsync(cancel);
        var text = new StringBuilder();

        Family(text, "pit_runs", "gauge", "Runs in the journal by state.");
        foreach (var state in Enum.GetValues<RunStatus>())
            Sample(text, "pit_runs", $"state=\"{StatusNames.Of(state)}\"", counts.Runs.GetValueOrDefault(StatusNames.Of(state)));

        Family(text, "pit_tasks", "gauge", "Task instances in the journal by state.");
        foreach (var (state, count) in counts.Tasks.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            Sample(text, "pit_tasks", $"state=\"{state}\"", count);

        Family(text, "pit_run_duration_seconds", "summary", "Durations of finished runs.");
        Sample(text, "pit_run_duration_seconds_sum", null, counts.FinishedSeconds);
        Sample(text, "pit_run_duration_seconds_count", null, counts.Finished);

        Family(text, "pit_active_runs", "gauge", "Runs this service is running now.");
        Sample(text, "pit_active_runs", null, dags.Dags.Sum(d => d.ActiveRuns.Count));
        Family(text, "pit_queued_triggers", "gauge", "Triggers waiting: behind an active run (overlap = queue) or for a run slot (max_active_runs).");
        Sample(text, "pit_queued_triggers", null, dags.Dags.Sum(d => d.Queued));
        Family(text, "pit_dags", "gauge", "DAGs the scheduler knows, and projects that do not validate.");
        Sample(text, "pit_dags", "valid=\"true\"", dags.Dags.Count);
        Sample(text, "pit_dags", "valid=\"false\"", dags.InvalidProjects.Count);
        Family(text, "pit_scheduler_lag_seconds", "summary", "How late cron fires were (fire time minus scheduled time).");
        Sample(text, "pit_scheduler_lag_seconds_sum", null, dags.Lag.Total.TotalSeconds);
        Sample(text, "pit_scheduler_lag_seconds_count", null, dags.Lag.Fires);
        Family(text, "pit_scheduler_lag_max_seconds", "gauge", "The latest cron fire's lateness and the worst since start.");
        Sample(text, "pit_scheduler_lag_max_seconds", "fire=\"latest\"", dags.Lag.Latest.TotalSeconds);
        Sample(text, "pit_scheduler_lag_max_seconds", "fire=\"worst\"", dags.Lag.Worst.TotalSeconds);
        Family(text, "pit_dags_paused", "gauge", "DAGs whose schedule is paused.");
        Sample(text, "pit_dags_paused", null, dags.Dags.Count(d => d.Paused));
        Family(text, "pit_uptime_seconds", "gauge", "Seconds since pit serve started.");
        Sample(text, "pit_uptime_seconds", null, Math.Round((DateTimeOffset.UtcNow - api.StartedAt).TotalSeconds));

        return Results.Text(text.ToString(), "text/plain; version=0.0.4; charset=utf-8");
    }

    private static void Family(StringBuilder text, string name, string type, string help) =>
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n')
            .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

    private static void Sample(StringBuilder text, string name, string? labels, double value) =>
        text.Append(name).Append(labels is null ? "" : "{" + labels + "}").Append(' ')
            .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
}
