using Pit.Core.Dags;
using Pit.Engine.Runners;

namespace Pit.Engine.Tests.Runners;

public sealed class TaskCommandSpecs : IDisposable
{
    private readonly TaskSandbox _box = new();
    private readonly string _bin;

    public TaskCommandSpecs()
    {
        _bin = Directory.CreateDirectory(Path.Combine(_box.Root, "bin")).FullName;
    }

    public void Dispose() => _box.Dispose();

    private string FakeProgram(string name, bool executable = true)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, "#!/bin/sh\n");
        if (executable && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private TaskLaunch Launch(string script, TaskRunner runner, string? path = null, string? pythonPath = null, string? interpreter = null)
    {
        _box.Write(script, "");
        var launch = _box.Launch(new TaskDefinition { Name = "t", Script = script, Runner = runner });
        var env = new Dictionary<string, string>(launch.Environment) { ["PATH"] = path ?? _bin };
        if (pythonPath is not null) env["PYTHONPATH"] = pythonPath;
        return launch with { Environment = env, PythonInterpreter = interpreter };
    }

    private static TaskCommand Create(TaskLaunch launch)
    {
        Assert.True(TaskCommand.TryCreate(launch, out var command, out var error), error);
        return command;
    }

    private static string Fails(TaskLaunch launch)
    {
        Assert.False(TaskCommand.TryCreate(launch, out var command, out var error));
        Assert.Null(command);
        return error;
    }

    [Fact]
    public void Bash_runs_the_script_with_bash_from_PATH()
    {
        var bash = FakeProgram("bash");
        var command = Create(Launch("tasks/extract.sh", TaskRunner.Bash));
        Assert.Equal(bash, command.Program);
        Assert.Equal(["tasks/extract.sh"], command.Arguments);
        Assert.Empty(command.ExtraEnvironment);
        Assert.Equal("bash tasks/extract.sh", command.Display);
    }

    [Fact]
    public void PATH_lookup_skips_files_that_are_not_executable()
    {
        FakeProgram("bash", executable: false);
        var other = Directory.CreateDirectory(Path.Combine(_box.Root, "other")).FullName;
        var good = Path.Combine(other, "bash");
        File.Copy("/bin/sh", good);
        var command = Create(Launch("tasks/x.sh", TaskRunner.Bash, path: $"{_bin}:{other}"));
        Assert.Equal(good, command.Program);
    }

    [Fact]
    public void Missing_bash_names_what_was_searched()
    {
        var error = Fails(Launch("tasks/x.sh", TaskRunner.Bash));
        Assert.Equal($"bash not found on PATH ({_bin})", error);
    }

    [Fact]
    public void Python_uses_uv_when_it_is_on_PATH_and_the_project_has_a_pyproject()
    {
        var uv = FakeProgram("uv");
        FakeProgram("python3");
        _box.Write("pyproject.toml", "[project]\nname = \"x\"\n");
        var command = Create(Launch("tasks/load.py", TaskRunner.Python));
        Assert.Equal(uv, command.Program);
        Assert.Equal(["run", "--project", _box.Snapshot, "tasks/load.py"], command.Arguments);
        Assert.Equal($"uv run --project {_box.Snapshot} tasks/load.py", command.Display);
    }

    [Fact]
    public void Python_without_a_pyproject_uses_the_interpreter_with_src_first_on_PYTHONPATH()
    {
        FakeProgram("uv");
        var python3 = FakeProgram("python3");
        FakeProgram("python");
        var command = Create(Launch("tasks/load.py", TaskRunner.Python, pythonPath: "/opt/lib"));
        Assert.Equal(python3, command.Program);
        Assert.Equal(["tasks/load.py"], command.Arguments);
        Assert.Equal($"{_box.Snapshot}/src:/opt/lib", command.ExtraEnvironment["PYTHONPATH"]);
        Assert.Equal("python3 tasks/load.py", command.Display);
    }

    [Fact]
    public void Python_falls_back_to_python_when_there_is_no_python3()
    {
        var python = FakeProgram("python");
        var command = Create(Launch("tasks/load.py", TaskRunner.Python));
        Assert.Equal(python, command.Program);
        Assert.Equal($"{_box.Snapshot}/src", command.ExtraEnvironment["PYTHONPATH"]);
    }

    [Fact]
    public void The_configured_interpreter_wins_over_PATH_but_not_over_uv()
    {
        FakeProgram("python3");
        var command = Create(Launch("tasks/load.py", TaskRunner.Python, interpreter: "/usr/bin/python3"));
        Assert.Equal("/usr/bin/python3", command.Program);
        Assert.Equal("/usr/bin/python3 tasks/load.py", command.Display);

        var uv = FakeProgram("uv");
        _box.Write("pyproject.toml", "");
        Assert.Equal(uv, Create(Launch("tasks/load.py", TaskRunner.Python, interpreter: "/usr/bin/python3")).Program);
    }

    [Fact]
    public void A_missing_interpreter_names_what_was_looked_for()
    {
        Assert.Equal("python interpreter /nowhere/python3.12 (from pit_config) not found or not executable",
            Fails(Launch("tasks/load.py", TaskRunner.Python, interpreter: "/nowhere/python3.12")));
        Assert.Equal($"python interpreter python3.99 (from pit_config) not found on PATH ({_bin})",
            Fails(Launch("tasks/load.py", TaskRunner.Python, interpreter: "python3.99")));
        var error = Fails(Launch("tasks/load.py", TaskRunner.Python));
        Assert.StartsWith($"no Python interpreter found: looked for python3 and python on PATH ({_bin})", error);
    }

    [Fact]
    public void A_custom_runner_is_split_into_words_and_gets_the_script_last()
    {
        var node = FakeProgram("node");
        var command = Create(Launch("tasks/report.js", new TaskRunner(RunnerKind.Custom, "node --title 'two words' \"a b\"")));
        Assert.Equal(node, command.Program);
        Assert.Equal(["--title", "two words", "a b", "tasks/report.js"], command.Arguments);
        Assert.Equal("node --title 'two words' 'a b' tasks/report.js", command.Display);
    }

    [Fact]
    public void A_custom_runner_path_is_relative_to_the_snapshot_and_must_be_executable()
    {
        var tool = _box.Write("bin/tool", "#!/bin/sh\n", executable: true);
        Assert.Equal(tool, Create(Launch("tasks/x.txt", new TaskRunner(RunnerKind.Custom, "./bin/tool"))).Program);

        var plain = _box.Write("bin/plain", "#!/bin/sh\n");
        Assert.Equal($"permission denied: ./bin/plain is not executable ({plain})",
            Fails(Launch("tasks/x.txt", new TaskRunner(RunnerKind.Custom, "./bin/plain"))));
        Assert.Equal($"program ./bin/none not found ({_box.Snapshot}/bin/none)",
            Fails(Launch("tasks/x.txt", new TaskRunner(RunnerKind.Custom, "./bin/none"))));
        Assert.Equal($"program deno not found on PATH ({_bin})",
            Fails(Launch("tasks/x.txt", new TaskRunner(RunnerKind.Custom, "deno run"))));
        Assert.Contains("unterminated single quote",
            Fails(Launch("tasks/x.txt", new TaskRunner(RunnerKind.Custom, "node 'oops"))));
    }

    [Theory]
    [InlineData(RunnerKind.Sql, "sql tasks run inside Pit, not as a process (task t)")]
    [InlineData(RunnerKind.Dbt, "the dbt runner is not available yet in this version of Pit (task t)")]
    public void Sql_is_not_a_process_and_dbt_is_not_available_yet(RunnerKind kind, string expected)
    {
        Assert.Equal(expected, Fails(Launch("models/x.sql", new TaskRunner(kind))));
    }

    [Fact]
    public void Data_tasks_are_not_processes()
    {
        var task = new TaskDefinition
        {
            Name = "load_claims", Runner = TaskRunner.Data,
            Data = new DataTask(DataTaskType.Load, "claims.parquet", null, "claims", LoadMode.Append, "warehouse"),
        };
        Assert.False(TaskCommand.TryCreate(_box.Launch(task), out _, out var error));
        Assert.Equal("declarative load tasks run inside Pit, not as a process (task load_claims)", error);
        Assert.Equal("load claims.parquet", TaskCommand.Describe(task));
    }

    [Fact]
    public void A_script_missing_from_the_snapshot_is_named_with_its_full_path()
    {
        FakeProgram("bash");
        var launch = _box.Launch(new TaskDefinition { Name = "t", Script = "tasks/gone.py", Runner = TaskRunner.Python }) with
        {
            Environment = new Dictionary<string, string> { ["PATH"] = _bin },
        };
        Assert.Equal($"script tasks/gone.py not found in the run snapshot ({_box.Snapshot}/tasks/gone.py)", Fails(launch));
    }
}
