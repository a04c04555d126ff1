using System.Diagnostics.CodeAnalysis;
using Pit.Core.Dags;

namespace Pit.Engine.Runners;

/// <summary>
/// The program, arguments and extra environment that run one task, decided from its runner:
/// <list type="bullet">
/// <item><c>bash</c> → <c>bash &lt;script&gt;</c>;</item>
/// <item><c>python</c> → <c>uv run --project &lt;snapshot&gt; &lt;script&gt;</c> when uv is on PATH and the snapshot has a
/// pyproject.toml, else the configured interpreter or the first of python3/python on PATH, with
/// <c>&lt;snapshot&gt;/src</c> first on PYTHONPATH;</item>
/// <item><c>$ cmd</c> → the words of <c>cmd</c> (split like a shell, never run by one) then the script;</item>
/// <item><c>sql</c> and load/save data tasks run inside Pit (<see cref="RoutingTaskExecutor"/>), never as a process: an error here;</item>
/// <item><c>dbt</c> → not available yet: an error, never a fake success.</item>
/// </list>
/// PATH is the one in the launch's environment when it sets one, else Pit's own.
/// </summary>
/// <param name="Program">Absolute path of the executable.</param>
/// <param name="Display">The command as a person would type it, for the log header.</param>
public sealed record TaskCommand(string Program, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> ExtraEnvironment, string Display)
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    public static bool TryCreate(TaskLaunch launch, [NotNullWhen(true)] out TaskCommand? command, [NotNullWhen(false)] out string? error)
    {
        command = null;
        var task = launch.Task;
        if (NotAvailable(task) is { } unavailable)
        {
            error = unavailable;
            return false;
        }
        if (task.Script is { } script && !ScriptExists(launch, script, out error)) return false;

        error = null;
        command = task.Runner.Kind switch
        {
            RunnerKind.Bash => Bash(launch, ref error),
            RunnerKind.Python => Python(launch, ref error),
            _ => Custom(launch, ref error),
        };
        return command is not null;
    }

    /// <summary>The command as configured, for messages about a task that could not start.</summary>
    public static string Describe(TaskDefinition task) => task switch
    {
        { Data: { } data } => $"{data.Type.ToString().ToLowerInvariant()} {data.Source}",
        { Script: { } script } => $"{task.Runner} {script}",
        _ => task.Runner.ToString(),
    };

    private static string? NotAvailable(TaskDefinition task) => task.Runner.Kind switch
    {
        RunnerKind.Sql => $"sql tasks run inside Pit, not as a process (task {task.Name})",
        RunnerKind.Dbt => $"the dbt runner is not available yet in this version of Pit (task {task.Name})",
        RunnerKind.Data => $"declarative {task.Data?.Type.ToString().ToLowerInvariant() ?? "load/save"} tasks run inside Pit, not as a process (task {task.Name})",
        _ => null,
    };

    private static bool ScriptExists(TaskLaunch launch, string script, [NotNullWhen(false)] out string? error)
    {
        var full = Path.GetFullPath(Path.Combine(launch.SnapshotDir, script));
        error = File.Exists(full) ? null : $"script {script} not found in the run snapshot ({full})";
        return error is null;
    }

    private static TaskCommand? Bash(TaskLaunch launch, ref string? error)
    {
        var bash = ExecutableLookup.FindOnPath("bash", SearchPath(launch));
        if (bash is null)
        {
            error = $"bash not found on PATH ({SearchPath(launch)})";
            return null;
        }
        return Make(bash, "bash", [.. ScriptArgument(launch)], NoEnvironment);
    }

    private static TaskCommand? Python(TaskLaunch launch, ref string? error)
    {
        var path = SearchPath(launch);
        var snapshot = Path.GetFullPath(launch.SnapshotDir);
        if (ExecutableLookup.FindOnPath("uv", path) is { } uv && File.Exists(Path.Combine(snapshot, "pyproject.toml")))
            return Make(uv, "uv", ["run", "--project", snapshot, .. ScriptArgument(launch)], SdkOnly(launch));

        string? interpreter;
        if (launch.PythonInterpreter is { } configured)
        {
            interpreter = Locate(configured, launch, out _);
            if (interpreter is null)
            {
                error = configured.Contains('/')
                    ? $"python interpreter {configured} (from pit_config) not found or not executable"
                    : $"python interpreter {configured} (from pit_config) not found on PATH ({path})";
                return null;
            }
        }
        else
        {
            interpreter = ExecutableLookup.FindOnPath("python3", path) ?? ExecutableLookup.FindOnPath("python", path);
            if (interpreter is null)
            {
                error = $"no Python interpreter found: looked for python3 and python on PATH ({path}); install one or set python in pit_config.toml";
                return null;
            }
        }

        var pythonPath = string.Join(':', new[] { Path.Combine(snapshot, "src"), PythonSdk.Folder, Variable(launch, "PYTHONPATH") }
            .Where(part => !string.IsNullOrEmpty(part)));
        return Make(interpreter, launch.PythonInterpreter ?? Path.GetFileName(interpreter), [.. ScriptArgument(launch)],
            new Dictionary<string, string> { ["PYTHONPATH"] = pythonPath });
    }

    /// <summary>With uv, the project's own environment, plus pit_sdk after whatever PYTHONPATH the launch sets.</summary>
    private static IReadOnlyDictionary<string, string> SdkOnly(TaskLaunch launch)
    {
        if (PythonSdk.Folder is not { } sdk) return NoEnvironment;
        var existing = Variable(launch, "PYTHONPATH");
        return new Dictionary<string, string> { ["PYTHONPATH"] = string.IsNullOrEmpty(existing) ? sdk : $"{existing}:{sdk}" };
    }

    private static TaskCommand? Custom(TaskLaunch launch, ref string? error)
    {
        var text = launch.Task.Runner.Command ?? "";
        if (!CommandWords.TrySplit(text, out var words, out var splitError))
        {
            error = $"runner \"$ {text}\": {splitError}";
            return null;
        }
        if (words.Count == 0)
        {
            error = "runner \"$\" has no command";
            return null;
        }
        var program = Locate(words[0], launch, out var problem);
        if (program is null)
        {
            error = problem;
            return null;
        }
        return Make(program, words[0], [.. words.Skip(1), .. ScriptArgument(launch)], NoEnvironment);
    }

    /// <summary>A program name (searched on PATH) or path (relative to the snapshot), checked to be executable.</summary>
    private static string? Locate(string program, TaskLaunch launch, out string problem)
    {
        problem = "";
        if (!program.Contains('/'))
        {
            var found = ExecutableLookup.FindOnPath(program, SearchPath(launch));
            if (found is null) problem = $"program {program} not found on PATH ({SearchPath(launch)})";
            return found;
        }
        var full = Path.GetFullPath(Path.Combine(launch.SnapshotDir, program));
        if (!File.Exists(full))
        {
            problem = $"program {program} not found ({full})";
            return null;
        }
        if (!ExecutableLookup.IsExecutableFile(full))
        {
            problem = $"permission denied: {program} is not executable ({full})";
            return null;
        }
        return full;
    }

    private static string[] ScriptArgument(TaskLaunch launch) => launch.Task.Script is { } script ? [script] : [];

    private static TaskCommand Make(string program, string shownAs, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment) =>
        new(program, arguments, environment, CommandWords.Join([shownAs, .. arguments]));

    private static string? SearchPath(TaskLaunch launch) => Variable(launch, "PATH");

    private static string? Variable(TaskLaunch launch, string name) =>
        launch.Environment.TryGetValue(name, out var value) ? value : System.Environment.GetEnvironmentVariable(name);
}
