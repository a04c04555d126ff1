using System.Text;

namespace Pit.Benchmarks;

/// <summary>
/// Writes a valid workspace of <c>projects</c> × <c>tasks</c>: <c>pit_config.toml</c> with a pool, and
/// <c>projects/p000/</c>… each with a <c>pit.toml</c> (schedule, time zone, overlap, timeouts,
/// retries, a cross-DAG requirement now and then, outputs) and the <c>tasks/tNN.sh</c> it names.
/// Tasks form diamonds: every fifth task fans in the four before it, which fan out from it.
/// </summary>
internal static class WorkspaceGenerator
{
    private static readonly string[] Schedules = ["{0} {1} * * *", "@daily", "0 {0} */2 * * *", "{0} {1} * * 1-5", "@hourly"];
    private static readonly string[] TimeZones = ["UTC", "Europe/London", "America/New_York", "Asia/Tokyo"];
    private static readonly string[] Overlaps = ["skip", "queue", "allow"];

    public static void Generate(string root, int projects, int tasks)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "pit_config.toml"), """
            runs_dir = "runs"
            max_active_runs = 8
            max_active_tasks = 16

            [pools]
            db = 2

            """);
        for (var p = 0; p < projects; p++)
        {
            var name = ProjectName(p);
            var dir = Path.Combine(root, "projects", name);
            Directory.CreateDirectory(Path.Combine(dir, "tasks"));
            File.WriteAllText(Path.Combine(dir, "pit.toml"), PitToml(p, tasks));
            for (var t = 0; t < tasks; t++) WriteScript(Path.Combine(dir, "tasks", TaskName(t) + ".sh"), name, TaskName(t));
        }
    }

    private static string ProjectName(int p) => $"p{p:000}";

    private static string TaskName(int t) => $"t{t:00}";

    private static string PitToml(int p, int tasks)
    {
        var toml = new StringBuilder();
        toml.AppendLine("[dag]")
            .AppendLine($"name = \"{ProjectName(p)}\"")
            .AppendLine($"schedule = \"{string.Format(Schedules[p % Schedules.Length], p % 60, p % 24)}\"")
            .AppendLine($"timezone = \"{TimeZones[p % TimeZones.Length]}\"")
            .AppendLine($"overlap = \"{Overlaps[p % Overlaps.Length]}\"")
            .AppendLine("timeout = \"2h\"")
            .AppendLine("max_active_tasks = 4")
            .AppendLine();
        if (p % 10 == 9)
            toml.AppendLine("[dag.requires]").AppendLine($"{ProjectName(p - 1)} = {{ max_age = \"24h\" }}").AppendLine();

        for (var t = 0; t < tasks; t++) AppendTask(toml, t);

        for (var o = 0; o < 3; o++)
        {
            toml.AppendLine("[[outputs]]")
                .AppendLine($"name = \"{ProjectName(p)}_out{o}\"")
                .AppendLine($"type = \"{(o == 2 ? "email" : o == 1 ? "file" : "table")}\"")
                .AppendLine($"location = \"{(o == 1 ? $"data/{ProjectName(p)}.csv" : $"warehouse.{ProjectName(p)}_{o}")}\"");
            if (o == 2) toml.AppendLine("recipients = [\"team@example.com\"]");
            toml.AppendLine();
        }
        return toml.ToString();
    }

    private static void AppendTask(StringBuilder toml, int t)
    {
        toml.AppendLine("[[tasks]]")
            .AppendLine($"name = \"{TaskName(t)}\"")
            .AppendLine($"script = \"tasks/{TaskName(t)}.sh\"");
        var hub = t / 5 * 5;
        if (t % 5 == 0 && t > 0)
            toml.AppendLine($"depends_on = [{string.Join(", ", Enumerable.Range(t - 4, 4).Select(d => $"\"{TaskName(d)}\""))}]")
                .AppendLine("pool = \"db\"");
        else if (t % 5 != 0)
            toml.AppendLine($"depends_on = [\"{TaskName(hub)}\"]");
        toml.AppendLine($"timeout = \"{10 + t}m\"");
        if (t % 3 == 0) toml.AppendLine("retries = 2").AppendLine("retry_delay = \"30s\"").AppendLine("retry_backoff = 2");
        if (t % 7 == 6) toml.AppendLine("condition = \"all_done\"");
        if (t % 4 == 1) toml.AppendLine("env = { STAGE = \"bench\", BATCH_SIZE = 500 }");
        toml.AppendLine();
    }

    private static void WriteScript(string path, string project, string task)
    {
        File.WriteAllText(path, $"#!/usr/bin/env bash\nset -euo pipefail\necho \"{project}/{task}: $(date -u +%FT%TZ)\"\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }
}
