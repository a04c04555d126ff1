using System.Diagnostics;

namespace Pit.Engine.Runners;

/// <summary>
/// The fallback way to start a task where <see cref="PosixSpawn"/> is not supported: through
/// System.Diagnostics.Process as <c>setsid -- env --default-signal=PIPE &lt;program&gt; &lt;arguments&gt;</c>,
/// each helper when available (the two execs cost about 1 ms per task). Both helpers exec rather than
/// fork, so the pid .NET reports is the task's own, and (with setsid) also its session and process group id.
/// </summary>
/// <param name="SetsidPath">util-linux setsid: a process group of its own (see <see cref="ProcessGroup"/>).</param>
/// <param name="EnvPath">GNU env: the default SIGPIPE disposition (see <see cref="DefaultSignals"/>).</param>
internal sealed record TaskProcess(string? SetsidPath, string? EnvPath)
{
    private const string SetsidExecFailure = "setsid: failed to execute ";

    public static string? FindSetsid() =>
        new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(ExecutableLookup.IsExecutableFile)
        ?? ExecutableLookup.FindOnPath("setsid", Environment.GetEnvironmentVariable("PATH"));

    /// <summary>Starts the task in the snapshot with the parent environment, the launch's and the command's; stdin is closed at once.</summary>
    public ITaskProcess Start(TaskLaunch launch, TaskCommand command)
    {
        var chain = new List<string>();
        if (SetsidPath is not null) chain.AddRange([SetsidPath, "--"]);
        // env would read a program path with '=' in it as a variable assignment.
        if (EnvPath is not null && !command.Program.Contains('=')) chain.AddRange([EnvPath, DefaultSignals.Option]);
        chain.Add(command.Program);
        var info = new ProcessStartInfo
        {
            FileName = chain[0],
            WorkingDirectory = launch.SnapshotDir,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in chain.Skip(1).Concat(command.Arguments)) info.ArgumentList.Add(argument);
        foreach (var (name, value) in launch.Environment) info.Environment[name] = value;
        foreach (var (name, value) in command.ExtraEnvironment) info.Environment[name] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException("the process did not start");
        process.StandardInput.Close(); // a task reads end of file, never Pit's terminal
        return new DotnetProcess(process, this, command.Program);
    }

    /// <summary>
    /// The reason, when <paramref name="line"/> (the first line on stderr) is a helper saying it could
    /// not exec <paramref name="program"/> (it then exits 126 or 127); null for any other line.
    /// </summary>
    public string? ExecFailure(string line, string program)
    {
        if (SetsidPath is not null && line.StartsWith(SetsidExecFailure, StringComparison.Ordinal))
            return "could not start: " + line["setsid: ".Length..];
        // GNU env: "/usr/bin/env: '<program>': <reason>", its quotes depending on the locale (' or ‘ ’).
        if (EnvPath is null || !line.StartsWith(EnvPath + ": ", StringComparison.Ordinal)) return null;
        var quoted = line.AsSpan(EnvPath.Length + 2);
        var end = program.Length + 1;
        if (quoted.Length > end + 3 && quoted[1..end].SequenceEqual(program) && quoted[(end + 1)..].StartsWith(": ", StringComparison.Ordinal))
            return $"could not start: failed to execute {program}: {quoted[(end + 3)..]}";
        return null;
    }
}
