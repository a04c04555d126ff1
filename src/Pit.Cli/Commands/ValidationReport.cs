using Pit.Cli.Output;
using Pit.Core.Workspace;

namespace Pit.Cli.Commands;

/// <summary>The JSON shape of <c>pit validate --json</c>.</summary>
public sealed record ValidationReport(bool Ok, string Workspace, IReadOnlyList<ValidationReport.Project> Projects, IReadOnlyList<ValidationReport.Error> Errors)
{
    public sealed record Project(string Name, string File, bool Valid, string? Schedule, string? Timezone, string? NextRun, IReadOnlyList<Task> Tasks);

    public sealed record Task(string Name, string Runner, string? Script, IReadOnlyList<string> DependsOn);

    public sealed record Error(string File, int Line, int Column, string Field, string Message);

    public static ValidationReport From(Workspace workspace, DateTimeOffset now) => new(
        workspace.IsValid,
        workspace.Root,
        workspace.Projects.Select(p => new Project(
            p.Dag?.Name ?? p.Folder,
            DisplayPath.Of(p.File),
            p.IsValid,
            p.Dag?.Schedule?.Text,
            p.Dag?.Timezone,
            p.IsValid && p.Dag!.Schedule is { } cron ? cron.NextAfter(now, p.Dag.TimeZone)?.ToString("O") : null,
            p.Dag?.Tasks.Select(t => new Task(t.Name, t.Runner.ToString(), Describe.Script(t), t.DependsOn)).ToList() ?? [])).ToList(),
        workspace.AllErrors.Select(e => new Error(DisplayPath.Of(e.File), e.Line, e.Column, e.Field, e.Message)).ToList());
}
