using Pit.Cli.Output;

namespace Pit.Cli.Top;

/// <summary>
/// <c>pit top</c> when stdout is not a terminal: one plain-text snapshot (the DAGs, the active runs,
/// the recent failures) as aligned tables, so <c>pit top | cat</c> and scripts read it.
/// </summary>
public sealed class TopText(TopFormat format)
{
    public void Write(TextWriter output, TopSnapshot snapshot, string address)
    {
        output.WriteLine($"pit top · {address} · {format.Time(snapshot.TakenAt)}");
        output.WriteLine();
        output.WriteLine("DAGs");
        var dags = new TextTable("DAG", "SCHEDULE", "NEXT FIRE", "PAUSED", "ACTIVE", "QUEUED", "LAST STATE", "LAST RUN");
        foreach (var dag in snapshot.Dags)
            dags.Add(dag.Name, dag.Schedule ?? "-", dag.Schedule is null ? "-" : format.Time(dag.NextFire), dag.Paused ? "yes" : "no",
                dag.ActiveRuns.ToString(), dag.Queued.ToString(), dag.LastState ?? "-", dag.LastRun ?? "-");
        Table(output, dags, "(no DAGs)");
        output.WriteLine();
        output.WriteLine("Active runs");
        var active = new TextTable("RUN", "DAG", "TRIGGER", "STARTED", "ELAPSED", "TASKS");
        foreach (var run in snapshot.Active)
            active.Add(run.RunId, run.Dag, run.Trigger ?? "-", format.Time(run.Started), TopFormat.Elapsed(run.Started, snapshot.TakenAt),
                run.TasksTotal > 0 ? $"{run.TasksDone}/{run.TasksTotal}" : "-");
        Table(output, active, "(none)");
        output.WriteLine();
        output.WriteLine("Recent failures");
        var failures = new TextTable("RUN", "DAG", "STATE", "STARTED", "DURATION", "TASKS");
        foreach (var run in snapshot.Failures)
            failures.Add(run.RunId, run.Dag, run.State, format.Time(run.Started), TopFormat.Seconds(run.DurationSeconds),
                run.TasksTotal > 0 ? $"{run.TasksDone}/{run.TasksTotal}" : "-");
        Table(output, failures, "(none)");
    }

    private static void Table(TextWriter output, TextTable table, string empty)
    {
        if (table.Count == 0) output.WriteLine(empty);
        else table.WriteTo(output);
    }
}
