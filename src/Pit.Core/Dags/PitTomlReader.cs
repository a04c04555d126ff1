using Pit.Core.Time;
using Pit.Core.Toml;
using Pit.Core.Validation;

namespace Pit.Core.Dags;

/// <summary>
/// Reads a project's <c>pit.toml</c> into a <see cref="DagDefinition"/>, reporting every problem
/// (syntax, unknown keys, wrong types, bad values, graph errors, missing scripts) at once. The
/// definition is returned even when there were errors, with defaults where a value was bad, so
/// that workspace-wide checks can still look at it.
/// </summary>
public static class PitTomlReader
{
    public const string FileName = "pit.toml";

    private static readonly string[] RootKeys = ["dag", "tasks", "outputs"];

    private static readonly string[] DagKeys =
    [
        "name", "schedule", "timezone", "overlap", "catchup", "catchup_window", "timeout", "max_active_tasks",
        "keep_artifacts", "git_url", "git_ref", "requires", "sql", "dbt", "ftp_watch", "webhook", "notify",
    ];

    private static readonly Dictionary<string, OverlapPolicy> Overlaps = new()
    {
        ["skip"] = OverlapPolicy.Skip, ["queue"] = OverlapPolicy.Queue, ["allow"] = OverlapPolicy.Allow,
    };

    private static readonly Dictionary<string, CatchupPolicy> Catchups = new()
    {
        ["none"] = CatchupPolicy.None, ["latest"] = CatchupPolicy.Latest, ["all"] = CatchupPolicy.All,
    };

    /// <summary>Reads <c>&lt;projectDir&gt;/pit.toml</c>; null only when the file cannot be parsed at all.</summary>
    public static DagSource? Read(string projectDir, ConfigErrorList errors)
    {
        var file = Path.Combine(projectDir, FileName);
        var toml = TomlFile.Load(file, errors);
        if (toml is null) return null;
        return new DagSource(Read(toml, Path.GetFullPath(projectDir), errors), toml);
    }

    public static DagDefinition Read(TomlSection toml, string projectDir, ConfigErrorList errors)
    {
        toml.RejectUnknownKeys(RootKeys);
        var folderName = Path.GetFileName(projectDir.TrimEnd(Path.DirectorySeparatorChar));
        var dag = toml.Table("dag");
        if (dag is null && !toml.Has("dag")) toml.Missing("dag", "missing [dag] table");
        dag?.RejectUnknownKeys(DagKeys);

        var name = dag?.String("name") ?? folderName;
        if (!Names.IsValid(name)) dag?.Error("name", $"'{name}' is not a valid DAG name ({Names.Rule})");

        var draft = new DagDefinition
        {
            Name = name,
            ProjectDir = projectDir,
            File = toml.File,
            Schedule = dag is null ? null : ReadSchedule(dag),
            Timezone = dag is null ? null : ReadTimezone(dag),
            Overlap = dag?.Choice("overlap", Overlaps) ?? OverlapPolicy.Skip,
            Catchup = dag?.Choice("catchup", Catchups) ?? CatchupPolicy.None,
            CatchupWindow = dag?.PositiveDuration("catchup_window"),
            Timeout = dag?.PositiveDuration("timeout"),
            MaxActiveTasks = dag?.Count("max_active_tasks", 1) ?? 4,
            KeepArtifacts = dag is null ? null : ArtifactList.Read(dag, "keep_artifacts"),
            GitUrl = dag?.String("git_url"),
            GitRef = dag?.String("git_ref"),
            Requires = dag?.Table("requires") is { } requires ? RequirementReader.Read(requires) : [],
            Sql = dag?.Table("sql") is { } sql ? IntegrationReader.ReadSql(sql) : null,
            Dbt = dag?.Table("dbt") is { } dbt ? IntegrationReader.ReadDbt(dbt, name) : null,
            FtpWatch = dag?.Table("ftp_watch") is { } ftp ? IntegrationReader.ReadFtpWatch(ftp) : null,
            Webhook = dag?.Table("webhook") is { } webhook ? IntegrationReader.ReadWebhook(webhook) : null,
            Notify = dag?.Table("notify") is { } notify ? IntegrationReader.ReadNotify(notify) : null,
        };
        if (dag is not null) CheckGitPair(dag, draft);
        if (dag is not null && draft.Catchup != CatchupPolicy.All && draft.CatchupWindow is not null)
            dag.Error("catchup_window", "catchup_window only applies with catchup = \"all\"");
        if (dag is not null && draft.Dbt?.ProjectDir is { } dbtDir && !draft.IsGitBacked)
            CheckDbtProjectDir(dag, projectDir, dbtDir);

        var taskSections = toml.TableArray("tasks");
        if (taskSections.Count == 0 && !toml.Has("tasks")) toml.Missing("tasks", "no tasks: add at least one [[tasks]] entry");
        var tasks = taskSections.Select(section => TaskReader.Read(section, draft)).ToList();
        var outputs = toml.TableArray("outputs").Select(OutputReader.Read).OfType<OutputDefinition>().ToList();
        var result = draft with { Tasks = tasks, Outputs = outputs };

        DagGraphCheck.Check(result, taskSections, errors);
        OutputReader.CheckUnique(outputs, toml, errors);
        return result;
    }

    private static CronSchedule? ReadSchedule(TomlSection dag)
    {
        var text = dag.String("schedule");
        if (text is null) return null;
        if (CronSchedule.TryParse(text, out var schedule, out var problem)) return schedule;
        dag.Error("schedule", problem);
        return null;
    }

    private static string? ReadTimezone(TomlSection dag)
    {
        var id = dag.String("timezone");
        if (id is null) return null;
        if (TimeZones.TryFind(id, out _)) return id;
        dag.Error("timezone", $"unknown time zone '{id}' (use an IANA id such as \"Europe/London\" or \"UTC\")");
        return null;
    }

    private static void CheckGitPair(TomlSection dag, DagDefinition draft)
    {
        if (draft.GitUrl is not null && draft.GitRef is null)
            dag.Error("git_url", "git_url is set without git_ref: set both (git_ref is a branch, tag or commit) or neither");
        if (draft.GitRef is not null && draft.GitUrl is null)
            dag.Error("git_ref", "git_ref is set without git_url: set both or neither");
    }

    private static void CheckDbtProjectDir(TomlSection dag, string projectDir, string dbtDir)
    {
        var section = dag.Table("dbt")!;
        if (ProjectPaths.Resolve(projectDir, dbtDir) is not { } full)
            section.Error("project_dir", $"'{dbtDir}' resolves outside the project folder");
        else if (!Directory.Exists(full))
            section.Error("project_dir", $"dbt project folder '{dbtDir}' does not exist in {projectDir}");
    }
}
