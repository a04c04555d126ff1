using Pit.Core.Dags;
using Pit.Core.Time;

namespace Pit.Cli.Commands;

/// <summary>Short human descriptions of model values, shared by the commands that print DAGs.</summary>
public static class Describe
{
    public static string Schedule(DagDefinition dag, DateTimeOffset now)
    {
        if (dag.Schedule is null) return "manual (no schedule)";
        var zone = dag.TimeZone;
        var next = dag.Schedule.NextAfter(now, zone);
        var zoneName = dag.Timezone ?? $"{zone.Id}, machine time";
        return next is null
            ? $"{dag.Schedule.Text} ({zoneName}), no next run"
            : $"{dag.Schedule.Text} ({zoneName}), next {next.Value:yyyy-MM-dd HH:mm:ss zzz}";
    }

    public static string Script(TaskDefinition task) => task.Data switch
    {
        { Type: DataTaskType.Load } load => $"load {load.Source} → {load.Table}",
        { Type: DataTaskType.Save } save => $"save {Shorten(save.Source)} → {save.Output}",
        _ => task.Script ?? "",
    };

    public static string Condition(TaskCondition condition) => condition switch
    {
        TaskCondition.AllDone => "all_done",
        TaskCondition.OneFailed => "one_failed",
        TaskCondition.Always => "always",
        _ => "all_success",
    };

    public static string TaskSettings(TaskDefinition task)
    {
        var parts = new List<string>();
        if (task.Timeout is { } timeout) parts.Add($"timeout {DurationText.Format(timeout)}");
        if (task.Retries > 0)
        {
            var retry = $"retries {task.Retries} every {DurationText.Format(task.RetryDelay)}";
            if (task.RetryBackoff > 1) retry += $" ×{task.RetryBackoff}";
            if (task.MaxRetryDelay is { } max) retry += $" up to {DurationText.Format(max)}";
            parts.Add(retry);
        }
        if (task.Pool is not null) parts.Add($"pool {task.Pool}");
        if (task.Env.Count > 0) parts.Add($"env {string.Join(", ", task.Env.Keys)}");
        return parts.Count == 0 ? "defaults" : string.Join("; ", parts);
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 40 ? line : line[..37] + "...";
    }
}
