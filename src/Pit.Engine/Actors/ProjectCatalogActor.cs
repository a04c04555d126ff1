using Akka.Actor;
using Akka.Event;
using Pit.Core.Dags;
using Pit.Core.Workspace;
using Pit.Engine.Protocol;
using Pit.Engine.Catalog;

namespace Pit.Engine.Actors;

/// <summary>
/// Holds the loaded workspace and answers which DAGs exist and whether they are valid. On
/// <see cref="CatalogCommands.Reload"/> (SIGHUP, the API, or, when it watches, a changed pit.toml)
/// it reads the workspace again and swaps in what validates, keeping the last good version of a
/// project that does not (<see cref="WorkspaceReload"/>); the outcome goes to the asker and the
/// event stream. Runs already started keep the definition they started with.
/// </summary>
public sealed class ProjectCatalogActor : ReceiveActor, IWithTimers
{
    /// <summary>How long the files must stay quiet after a change before the reload (an editor writes in several steps).</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    private const string DebounceTimer = "reload-after-change";
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly bool _watch;
    private Workspace _workspace;
    private IReadOnlyList<string> _reloadErrors = [];
    private ProjectFilesWatcher? _watcher;

    public ProjectCatalogActor(Workspace workspace, bool watchFiles)
    {
        _workspace = workspace;
        _watch = watchFiles;
        Receive<CatalogQueries.GetDag>(query =>
        {
            var known = _workspace.DagNames;
            var project = _workspace.FindProject(query.Name);
            if (project is null)
            {
                Sender.Tell(new CatalogQueries.DagLookup(query.Name, null, [], known));
                return;
            }
            var errors = ErrorsOf(_workspace, project);
            Sender.Tell(new CatalogQueries.DagLookup(query.Name, errors.Count == 0 ? project.Dag : null, errors, known));
        });
        Receive<CatalogQueries.ListDags>(_ => Sender.Tell(List(_workspace) with { ReloadErrors = _reloadErrors }));
        Receive<CatalogCommands.Reload>(reload => Sender.Tell(Reload(reload.Cause)));
        Receive<ProjectFilesWatcher.Changed>(_ => Timers.StartSingleTimer(DebounceTimer, new CatalogCommands.Reload("a pit.toml changed"), Debounce));
    }

    public static Props Props(Workspace workspace, bool watchFiles = false) =>
        Akka.Actor.Props.Create(() => new ProjectCatalogActor(workspace, watchFiles));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_watch) _watcher = ProjectFilesWatcher.Start(_workspace, Self, _log);
    }

    protected override void PostStop() => _watcher?.Dispose();

    private CatalogCommands.Reloaded Reload(string cause)
    {
        Workspace loaded;
        try
        {
            loaded = WorkspaceLoader.Load(_workspace.Root);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            loaded = _workspace with { ConfigErrors = [new Core.Validation.ConfigError(_workspace.Root, 0, 0, "", $"the workspace could not be read: {e.Message}")] };
        }
        var (next, errors) = WorkspaceReload.Merge(_workspace, loaded);
        _workspace = next;
        _reloadErrors = errors;
        var reloaded = new CatalogCommands.Reloaded(next.ValidDags.Count(), errors, DateTimeOffset.UtcNow);
        if (errors.Count == 0) _log.Info("Catalog: reloaded ({0}): {1} valid DAG(s)", cause, reloaded.Dags);
        else _log.Error("Catalog: reloaded ({0}) with errors; the last good version of each is kept:\n  {1}", cause, string.Join("\n  ", errors));
        Context.System.EventStream.Publish(reloaded);
        return reloaded;
    }

    /// <summary>The valid DAGs by name, and each invalid project with its first error (the same verdict as <see cref="CatalogQueries.GetDag"/>).</summary>
    private static CatalogQueries.DagList List(Workspace workspace)
    {
        var valid = new List<DagDefinition>();
        var invalid = new List<string>();
        foreach (var project in workspace.Projects.OrderBy(p => p.Folder, StringComparer.Ordinal))
        {
            var errors = ErrorsOf(workspace, project);
            if (errors.Count == 0 && project.Dag is { } dag) valid.Add(dag);
            else invalid.Add($"{project.Folder}: {(errors.Count > 0 ? errors[0] : "its pit.toml defines no DAG")}");
        }
        return new CatalogQueries.DagList(valid.OrderBy(d => d.Name, StringComparer.Ordinal).ToList(), invalid);
    }

    /// <summary>The workspace's own errors (pit_config.toml) make every project invalid, then the project's.</summary>
    private static List<string> ErrorsOf(Workspace workspace, ProjectLoad project) =>
        workspace.ConfigErrors.Concat(project.Errors).Select(e => e.ToString()).ToList();
}
