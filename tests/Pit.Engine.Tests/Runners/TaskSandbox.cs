using Pit.Core.Dags;
using Pit.Engine.Runners;

namespace Pit.Engine.Tests.Runners;

/// <summary>A temporary run folder (<c>project/</c>, <c>data/</c>, <c>logs/</c>) to launch real tasks in.</summary>
internal sealed class TaskSandbox : IDisposable
{
    public TaskSandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "pit-runner-" + Guid.NewGuid().ToString("N")[..10]);
        Snapshot = Directory.CreateDirectory(Path.Combine(Root, "project")).FullName;
        DataDir = Directory.CreateDirectory(Path.Combine(Root, "data")).FullName;
        LogsDir = Path.Combine(Root, "logs");
    }

    public const string RunId = "20261125_100000.000_claims";

    public string Root { get; }

    public string Snapshot { get; }

    public string DataDir { get; }

    public string LogsDir { get; }

    /// <summary>Writes a file of the snapshot and returns its full path.</summary>
    public string Write(string relative, string content, bool executable = false)
    {
        var full = Path.Combine(Snapshot, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        if (executable && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return full;
    }

    /// <summary>A bash task running <paramref name="body"/> as <c>tasks/&lt;name&gt;.sh</c>.</summary>
    public TaskLaunch Bash(string name, string body)
    {
        Write($"tasks/{name}.sh", body + "\n");
        return Launch(new TaskDefinition { Name = name, Script = $"tasks/{name}.sh", Runner = TaskRunner.Bash });
    }

    public TaskLaunch Launch(TaskDefinition task, int attempt = 1) => new()
    {
        RunId = RunId,
        Dag = "claims",
        Task = task,
        Attempt = attempt,
        SnapshotDir = Snapshot,
        DataDir = DataDir,
        LogFile = Path.Combine(LogsDir, task.Name + ".log"),
        Environment = new Dictionary<string, string>
        {
            ["PIT_RUN_ID"] = RunId,
            ["PIT_TASK_NAME"] = task.Name,
            ["PIT_DAG_NAME"] = "claims",
            ["PIT_DATA_DIR"] = DataDir,
        },
    };

    public static string[] LogLines(TaskLaunch launch) => File.ReadAllLines(launch.LogFile);

    public int ReadPid(string file) => int.Parse(File.ReadAllText(Path.Combine(DataDir, file)).Trim());

    /// <summary>
    /// True once <paramref name="pid"/> is dead, looking again for a while: a process that got its
    /// signal may take a moment to exit on a loaded machine (a deadline for liveness, not a timing).
    /// </summary>
    public static bool DiesSoon(int pid)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!IsDead(pid))
        {
            if (DateTime.UtcNow > deadline) return false;
            Thread.Sleep(20);
        }
        return true;
    }

    /// <summary>Gone, or a zombie nobody reaps (some container inits never do): either way, not running.</summary>
    public static bool IsDead(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] is 'Z' or 'X';
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }
}
