using System.Globalization;
using System.Text;

namespace Pit.Benchmarks;

/// <summary>The serve results as Markdown, each beside its baseline, with issue 6's goals marked met / NOT met.</summary>
internal static class ServeReport
{
    /// <summary>(a) idle RSS of <c>pit serve</c>.</summary>
    public const double RssGoalMb = 60;

    /// <summary>(b) p99 of a cron run's lateness.</summary>
    public const double LatenessGoalMs = 20;

    /// <summary>(c) API-triggered one-task runs completed per minute.</summary>
    public const double RunsPerMinuteGoal = 3000;

    public static string Render(string setup, IReadOnlyList<IdleMemory>? memory, SchedulerFigures? scheduler, ThroughputFigures? throughput)
    {
        var text = new StringBuilder();
        text.AppendLine("# Pit serve benchmark").AppendLine().AppendLine(setup).AppendLine();
        if (memory is not null) Memory(text, memory);
        if (scheduler is not null) Scheduler(text, scheduler);
        if (throughput is not null) Throughput(text, throughput);
        return text.ToString();
    }

    private static void Memory(StringBuilder text, IReadOnlyList<IdleMemory> memory)
    {
        text.AppendLine("## (a) Idle memory").AppendLine()
            .AppendLine("RSS (VmRSS) after the idle wait, peak (VmHWM) since start; all three processes start together.").AppendLine()
            .AppendLine("| process | RSS MB | peak RSS MB | runs meanwhile | goal |")
            .AppendLine("|---|---:|---:|---:|---|");
        foreach (var m in memory)
            text.AppendLine($"| {m.Label} | {Mb(m.RssKb)} | {Mb(m.PeakKb)} | {(m.IsBaseline ? "—" : m.Runs.ToString(CultureInfo.InvariantCulture))} | " +
                            $"{(m.IsBaseline ? "—" : Goal($"≤ {F(RssGoalMb, "0")} MB", m.RssKb / 1024.0 <= RssGoalMb))} |");
        text.AppendLine();
    }

    private static void Scheduler(StringBuilder text, SchedulerFigures s)
    {
        text.AppendLine($"## (b) Scheduler precision: {s.Dags} DAGs every second for {s.Seconds} s").AppendLine()
            .AppendLine("| lateness | samples | p50 ms | p99 ms | max ms |")
            .AppendLine("|---|---:|---:|---:|---:|");
        text.AppendLine($"| baseline: {s.Dags} .NET loops, `Task.Delay` to each next second, woken − due | {Row(s.Baseline)} |");
        text.AppendLine($"| pit serve: run created − scheduled second | {Row(s.Pit)} |");
        text.AppendLine($"| of which the Scheduler: time in the run id (minted when it starts the run) − scheduled second | {Row(s.Minted)} |");
        text.AppendLine()
            .AppendLine($"Runs for the {s.Expected:N0} occurrences in the window: {s.Pit.Count:N0} " +
                        $"({s.Expected - s.Pit.Count:N0} did not run: skipped while the DAG's previous run was active (overlap = skip), " +
                        $"or passed while a fire was late){(s.Unreadable > 0 ? $"; {s.Unreadable} run log(s) did not show their occurrence" : "")}.")
            .AppendLine($"pit's own fire lag (`/metrics`, fire − scheduled, warm-up included): mean {F(s.FireLagMeanMs, "0.0")} ms over {s.Fires:N0} fires, " +
                        $"worst {F(s.FireLagWorstMs, "0.0")} ms; `GET /metrics` took {F(s.MetricsSeconds, "0.0")} s with {s.Runs:N0} runs in the journal, once the DAGs were paused.")
            .AppendLine($"Goal: p99 ≤ {F(LatenessGoalMs, "0")} ms: {F(s.Pit.P99, "0.0")} ms — {Met(s.Pit.P99 <= LatenessGoalMs)}.")
            .AppendLine();
    }

    private static void Throughput(StringBuilder text, ThroughputFigures t)
    {
        text.AppendLine($"## (c) Throughput: a one-task DAG triggered through the API by {t.Clients} clients for {t.Seconds} s").AppendLine()
            .AppendLine("| | completed | per minute | p50 ms | p99 ms | max ms |")
            .AppendLine("|---|---:|---:|---:|---:|---:|");
        text.AppendLine($"| baseline: {t.Clients} .NET loops spawning `bash t.sh` (start → exit) | {t.Spawns:N0} | {t.SpawnsPerMinute:N0} | " +
                        $"{F(t.SpawnTimes.P50, "0.0")} | {F(t.SpawnTimes.P99, "0.0")} | {F(t.SpawnTimes.Max, "0.0")} |");
        text.AppendLine($"| pit serve: runs succeeded (trigger sent → task started) | {t.Completed:N0} | {t.RunsPerMinute:N0} | " +
                        $"{F(t.TriggerToStart.P50, "0.0")} | {F(t.TriggerToStart.P99, "0.0")} | {F(t.TriggerToStart.Max, "0.0")} |");
        text.AppendLine()
            .AppendLine($"Triggers sent in the window: {t.Triggered:N0}; answer (202) p50 {F(t.TriggerReply.P50, "0.0")} ms, p99 {F(t.TriggerReply.P99, "0.0")} ms; " +
                        $"refused {t.Refused}; runs not succeeded {t.Failed}; tasks that never signalled {t.Unsignalled}.")
            .AppendLine("Each client triggers its next run once the task of its previous one runs. The baseline is the cost of one process " +
                        "per task (the floor a process-per-task orchestrator cannot beat; a trivial HTTP server answers far faster than a process starts).")
            .AppendLine($"Goal: ≥ {RunsPerMinuteGoal:N0} runs/min: {t.RunsPerMinute:N0} — {Met(t.RunsPerMinute >= RunsPerMinuteGoal)}.")
            .AppendLine();
    }

    private static string Row(Latencies l) => $"{l.Count:N0} | {F(l.P50, "0.0")} | {F(l.P99, "0.0")} | {F(l.Max, "0.0")}";

    private static string Mb(long kb) => F(kb / 1024.0, "0.0");

    private static string Goal(string goal, bool met) => $"{goal}: {Met(met)}";

    private static string Met(bool met) => met ? "met" : "**NOT met**";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
