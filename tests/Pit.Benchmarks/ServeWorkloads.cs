namespace Pit.Benchmarks;

/// <summary>
/// The workspaces the serve benchmark runs <c>pit serve</c> on: a copy of projects-sample, the
/// start-up suite's generated workspace, <see cref="CronDag"/>s firing every second, and the one
/// <see cref="ThroughputDag"/> triggered through the API. Every task is one bash script.
/// </summary>
internal static class ServeWorkloads
{
    public const string ThroughputDag = "tput";
    public const string TaskName = "t";

    /// <summary>What a cron task prints: its run's scheduled occurrence (<c>PIT_LOGICAL_TIME</c>, UTC, to the second).</summary>
    public const string LogicalTimePrefix = "logical ";

    public static string CronDag(int index) => $"c{index:000}";

    /// <summary>Copies projects-sample (its configuration, secrets, projects and data; no runs or journal) to <paramref name="workspace"/>.</summary>
    public static void CopySample(string repositoryRoot, string workspace)
    {
        var sample = Path.Combine(repositoryRoot, "projects-sample");
        if (!File.Exists(Path.Combine(sample, "pit_config.toml")))
            throw new FileNotFoundException($"no sample workspace at {sample} (pit_config.toml missing)");
        Copy(new DirectoryInfo(sample), workspace, skip: ["runs", ".pit"]);
    }

    /// <summary><paramref name="dags"/> DAGs with the schedule <c>* * * * * *</c> (every second), each of one task printing its logical time.</summary>
    public static void Cron(string workspace, int dags)
    {
        Directory.CreateDirectory(workspace);
        File.WriteAllText(Path.Combine(workspace, "pit_config.toml"), "# Serve benchmark: DAGs on an every-second schedule.\nruns_dir = \"runs\"\n");
        for (var i = 0; i < dags; i++)
            OneTaskDag(workspace, CronDag(i), "schedule = \"* * * * * *\"\n", $"echo \"{LogicalTimePrefix}$PIT_LOGICAL_TIME\"");
    }

    /// <summary>
    /// One DAG without a schedule, <c>overlap = "allow"</c>, whose task tells <paramref name="signalPort"/>
    /// it runs (its run id on a TCP connection: bash's <c>/dev/tcp</c>, no extra process); returns the task's script.
    /// </summary>
    public static string Throughput(string workspace, int signalPort)
    {
        Directory.CreateDirectory(workspace);
        File.WriteAllText(Path.Combine(workspace, "pit_config.toml"), "# Serve benchmark: a one-task DAG triggered through the API.\nruns_dir = \"runs\"\n");
        return OneTaskDag(workspace, ThroughputDag, "overlap = \"allow\"\n", $"echo \"$PIT_RUN_ID\" > /dev/tcp/127.0.0.1/{signalPort}");
    }

    private static string OneTaskDag(string workspace, string name, string dagLines, string script)
    {
        var project = Path.Combine(workspace, "projects", name);
        Directory.CreateDirectory(Path.Combine(project, "tasks"));
        File.WriteAllText(Path.Combine(project, "pit.toml"), $"""
            [dag]
            name = "{name}"
            {dagLines}
            [[tasks]]
            name = "{TaskName}"
            script = "tasks/{TaskName}.sh"
            runner = "bash"

            """);
        var path = Path.Combine(project, "tasks", TaskName + ".sh");
        File.WriteAllText(path, $"#!/usr/bin/env bash\n{script}\n");
        return path;
    }

    private static void Copy(DirectoryInfo from, string to, IReadOnlyCollection<string> skip)
    {
        Directory.CreateDirectory(to);
        foreach (var file in from.GetFiles())
        {
            var target = Path.Combine(to, file.Name);
            file.CopyTo(target);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(target, file.UnixFileMode);
        }
        foreach (var dir in from.GetDirectories().Where(d => !skip.Contains(d.Name)))
            Copy(dir, Path.Combine(to, dir.Name), skip: []);
    }
}
