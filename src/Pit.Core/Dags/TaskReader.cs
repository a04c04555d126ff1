using Pit.Core.Toml;

namespace Pit.Core.Dags;

/// <summary>Reads one <c>[[tasks]]</c> entry and checks it against its DAG.</summary>
internal static class TaskReader
{
    private static readonly string[] Keys =
    [
        "name", "script", "runner", "depends_on", "timeout", "retries", "retry_delay", "retry_backoff",
        "max_retry_delay", "retry_on", "condition", "pool", "env",
        "type", "source", "output", "table", "mode", "connection",
    ];

    private static readonly Dictionary<string, TaskCondition> Conditions = new()
    {
        ["all_success"] = TaskCondition.AllSuccess,
        ["all_done"] = TaskCondition.AllDone,
        ["one_failed"] = TaskCondition.OneFailed,
        ["always"] = TaskCondition.Always,
    };

    private static readonly Dictionary<string, DataTaskType> DataTypes = new()
    {
        ["load"] = DataTaskType.Load, ["save"] = DataTaskType.Save,
    };

    public static TaskDefinition Read(TomlSection task, DagDefinition dag)
    {
        task.RejectUnknownKeys(Keys);
        var name = task.String("name");
        if (name is null && !task.Has("name")) task.Missing("name", "missing required field 'name'");
        else if (name is not null && !Names.IsValid(name)) task.Error("name", $"'{name}' is not a valid task name ({Names.Rule})");

        var script = task.String("script");
        var data = ReadData(task, dag);
        var runner = data is not null || task.Has("type") ? TaskRunner.Data : ReadRunner(task, script, dag);
        if (runner.Kind is not (RunnerKind.Sql or RunnerKind.Data) && task.Has("connection"))
            task.Error("connection", "'connection' only applies to sql tasks and data tasks (type = \"load\" or \"save\")");

        var retryDelay = task.Duration("retry_delay") ?? TimeSpan.Zero;
        var maxRetryDelay = task.Duration("max_retry_delay");
        if (maxRetryDelay is { } max && max < retryDelay)
            task.Error("max_retry_delay", "max_retry_delay is shorter than retry_delay");
        var backoff = task.Number("retry_backoff") ?? 1;
        if (backoff < 1) task.Error("retry_backoff", $"retry_backoff is a multiplier of at least 1, got {backoff}");

        return new TaskDefinition
        {
            Name = name ?? "",
            Script = script,
            Runner = runner,
            DependsOn = task.StringList("depends_on") ?? [],
            Timeout = task.PositiveDuration("timeout"),
            Retries = task.Count("retries", 0) ?? 0,
            RetryDelay = retryDelay,
            RetryBackoff = Math.Max(backoff, 1),
            MaxRetryDelay = maxRetryDelay,
            RetryOn = ReadRetryOn(task),
            Condition = task.Choice("condition", Conditions) ?? TaskCondition.AllSuccess,
            Pool = task.String("pool"),
            Env = ReadEnv(task),
            Data = data,
            Connection = runner.Kind == RunnerKind.Sql ? task.String("connection") ?? dag.Sql?.Connection : null,
        };
    }

    private static TaskRunner ReadRunner(TomlSection task, string? script, DagDefinition dag)
    {
        var declared = task.String("runner");
        TaskRunner? runner = declared switch
        {
            null => null,
            "python" => TaskRunner.Python,
            "bash" => TaskRunner.Bash,
            "sql" => TaskRunner.Sql,
            "dbt" => TaskRunner.Dbt,
            _ when declared.StartsWith('$') && declared[1..].Trim().Length > 0 => new TaskRunner(RunnerKind.Custom, declared[1..].Trim()),
            _ when declared.StartsWith('$') => Invalid(task, "runner", "a custom runner needs a command after '$', e.g. \"$ node\""),
            _ => Invalid(task, "runner", $"unknown runner '{declared}' (use python, bash, sql, dbt, or \"$ <command>\" for anything else)"),
        };

        if (script is null)
        {
            if (!task.Has("script")) task.Missing("script", "missing required field 'script' (or 'type' for a load/save data task)");
            return runner ?? TaskRunner.Bash;
        }

        runner ??= Path.GetExtension(script).ToLowerInvariant() switch
        {
            ".py" => TaskRunner.Python,
            ".sh" => TaskRunner.Bash,
            ".sql" => TaskRunner.Sql,
            var ext when declared is null => Invalid(task, "script",
                $"no runner for '{(ext.Length == 0 ? "(no extension)" : ext)}' files: set runner (python, bash, sql, dbt, or \"$ <command>\")"),
            _ => null,
        };
        runner ??= TaskRunner.Bash;

        if (runner.Kind == RunnerKind.Dbt)
        {
            if (dag.Dbt is null && !dag.IsGitBacked) task.Error("runner", "dbt task in a DAG without [dag.dbt]: add [dag.dbt] with version, adapter and connection");
            else if (dag.Dbt is null) task.Error("runner", "dbt task in a DAG without [dag.dbt]");
            return runner;
        }
        if (runner.Kind == RunnerKind.Sql && dag.Sql is null && !task.Has("connection"))
            task.Error("script", "sql task without a connection: add [dag.sql] connection = \"<secret name>\" (or connection on the task)");
        CheckScriptPath(task, script, dag);
        return runner;
    }

    private static void CheckScriptPath(TomlSection task, string script, DagDefinition dag)
    {
        var full = ProjectPaths.Resolve(dag.ProjectDir, script);
        if (full is null)
            task.Error("script", $"'{script}' resolves outside the project folder; scripts must live inside the project");
        else if (!dag.IsGitBacked && !File.Exists(full))
            task.Error("script", $"script '{script}' does not exist (looked for {full})");
    }

    private static DataTask? ReadData(TomlSection task, DagDefinition dag)
    {
        var type = task.Choice("type", DataTypes);
        var mode = task.Choice("mode", LoadModes.ByName) ?? LoadMode.Append;
        var source = task.String("source");
        var output = task.String("output");
        var table = task.String("table");
        var connection = task.String("connection") ?? dag.Sql?.Connection;
        if (type is null)
        {
            foreach (var key in new[] { "source", "output", "table", "mode" })
                if (task.Has(key)) task.Error(key, $"'{key}' only applies to data tasks (type = \"load\" or \"save\")");
            return null;
        }
        if (task.Has("script")) task.Error("script", "a data task (type = \"load\"/\"save\") has no script");
        if (task.Has("runner")) task.Error("runner", "a data task (type = \"load\"/\"save\") is run by Pit itself and takes no runner");
        if (source is null && !task.Has("source"))
            task.Missing("source", type == DataTaskType.Load
                ? "missing required field 'source' (the Parquet file in the run's data folder)"
                : "missing required field 'source' (the query, or a .sql file in the project)");
        if (type == DataTaskType.Load && table is null && !task.Has("table"))
            task.Missing("table", "missing required field 'table' (the table to load into)");
        if (type == DataTaskType.Save && output is null && !task.Has("output"))
            task.Missing("output", "missing required field 'output' (the Parquet name to write)");
        if (type == DataTaskType.Save && task.Has("mode"))
            task.Error("mode", "mode only applies to load tasks");
        if (connection is null)
            task.Missing("connection", "data task without a connection: set connection, or [dag.sql] connection");
        return new DataTask(type.Value, source ?? "", output, table, mode, connection ?? "");
    }

    private static RetryOn ReadRetryOn(TomlSection task)
    {
        switch (task.Raw("retry_on"))
        {
            case null:
                return RetryOn.Any;
            case string text:
                if (text == "any") return RetryOn.Any;
                if (text == "timeout") return RetryOn.Timeout;
                task.Error("retry_on", $"'{text}' is not one of any, timeout, or {{ exit_codes = [...] }}");
                return RetryOn.Any;
            default:
                var table = task.Table("retry_on");
                if (table is null) return RetryOn.Any;
                table.RejectUnknownKeys(["exit_codes"]);
                var codes = table.IntegerList("exit_codes");
                if (codes is null || codes.Count == 0)
                {
                    table.Missing("exit_codes", "retry_on table needs a non-empty exit_codes = [...]");
                    return RetryOn.Any;
                }
                foreach (var code in codes.Where(c => c is < 1 or > 255))
                    table.Error("exit_codes", $"exit code {code} is out of range (1-255)");
                return new RetryOn(RetryOnKind.ExitCodes, codes.Select(c => (int)c).ToList());
        }
    }

    private static Dictionary<string, string> ReadEnv(TomlSection task)
    {
        var result = new Dictionary<string, string>();
        var env = task.Table("env");
        if (env is null) return result;
        foreach (var key in env.Keys)
        {
            if (key.StartsWith("PIT_", StringComparison.Ordinal))
                env.Error(key, $"'{key}': PIT_* variables are set by Pit and cannot be overridden");
            else if (env.Text(key) is { } value && env.Raw(key) is not (Tomlyn.Model.TomlTable or Tomlyn.Model.TomlArray))
                result[key] = value;
            else
                env.Error(key, $"expected a string, number or boolean, got {TomlSection.Describe(env.Raw(key))}");
        }
        return result;
    }

    private static TaskRunner? Invalid(TomlSection task, string key, string message)
    {
        task.Error(key, message);
        return null;
    }
}
