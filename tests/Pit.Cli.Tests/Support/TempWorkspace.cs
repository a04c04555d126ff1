namespace Pit.Cli.Tests.Support;

/// <summary>A throwaway workspace folder (with projects/) on disk, removed on dispose.</summary>
public sealed class TempWorkspace : IDisposable
{
    /// <summary>The interpreter run tests use: python3 on PATH may be a slow pyenv shim.</summary>
    public const string Python = "/usr/bin/python3";

    public TempWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "pit-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(Root, "projects"));
    }

    /// <summary>
    /// A workspace for running DAGs: pit_config.toml names a real interpreter and a short kill grace,
    /// then <paramref name="extraConfig"/>.
    /// </summary>
    public static TempWorkspace ForRuns(string extraConfig = "", string python = Python)
    {
        var workspace = new TempWorkspace();
        workspace.Write("pit_config.toml", $"python = \"{python}\"\nkill_grace = \"1s\"\n{extraConfig}\n");
        return workspace;
    }

    public string Root { get; }

    public string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public string Write(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>
    /// A DAG <paramref name="name"/> of one bash task <c>work</c> running <paramref name="script"/>,
    /// with <paramref name="dagLines"/> (keys or tables) in its <c>[dag]</c> part.
    /// </summary>
    public void OneTaskDag(string name, string script, string dagLines = "")
    {
        Write($"projects/{name}/pit.toml", $"""
            [dag]
            {dagLines}

            [[tasks]]
            name = "work"
            script = "tasks/work.sh"
            """);
        Write($"projects/{name}/tasks/work.sh", script);
    }

    /// <summary>Sets rwx for the owner on a file of the workspace.</summary>
    public void MakeExecutable(string relative)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("the run tests need a POSIX system");
        File.SetUnixFileMode(Path.Combine(Root, relative), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public PitResult Pit(params string[] args) => PitProcess.Run(Root, args);

    public RunningPit StartPit(params string[] args) => PitProcess.Start(Root, args);

    /// <summary>The run ids of <paramref name="dag"/> found under runs/, oldest first.</summary>
    public IReadOnlyList<string> RunIds(string dag)
    {
        var runs = PathOf("runs");
        if (!Directory.Exists(runs)) return [];
        return Directory.GetDirectories(runs).Select(Path.GetFileName).OfType<string>()
            .Where(id => id.EndsWith("_" + dag, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The id of the one run of <paramref name="dag"/>; fails when there is not exactly one.</summary>
    public string OnlyRunId(string dag)
    {
        var ids = RunIds(dag);
        if (ids.Count != 1) throw new InvalidOperationException($"expected one run of {dag} under runs/, found: {string.Join(", ", ids)}");
        return ids[0];
    }

    /// <summary>runs/&lt;runId&gt;/&lt;parts&gt;.</summary>
    public string RunPath(string runId, params string[] parts) => Path.Combine([Root, "runs", runId, .. parts]);

    public string ReadLog(string runId, string task) => File.ReadAllText(RunPath(runId, "logs", task + ".log"));

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
