using Pit.Core.Dags;

namespace Pit.Core.Outputs;

/// <summary>One declared output and the project (DAG) responsible for it.</summary>
public sealed record OutputEntry(string Project, string Folder, OutputDefinition Output);

/// <summary>The outputs registry: every <c>[[outputs]]</c> of every readable project, in project order.</summary>
public static class OutputRegistry
{
    public static IEnumerable<OutputEntry> From(Workspace.Workspace workspace) =>
        workspace.Projects
            .Where(p => p.Dag is not null)
            .SelectMany(p => p.Dag!.Outputs.Select(o => new OutputEntry(p.Dag!.Name, p.Folder, o)));
}
