using Akka.Actor;
using Akka.Event;
using Pit.Core.Dags;
using Pit.Core.Workspace;

namespace Pit.Engine.Catalog;

/// <summary>
/// Tells the catalog when a project's pit.toml, a project folder, or pit_config.toml changes
/// (file system notifications; the catalog debounces them into one reload). Task output is
/// written under <c>runs/</c>, which is not watched.
/// </summary>
public sealed class ProjectFilesWatcher : IDisposable
{
    /// <summary>Something the catalog reads changed on disk.</summary>
    public sealed record Changed;

    private static readonly Changed Signal = new();
    private readonly List<FileSystemWatcher> _watchers = [];

    private ProjectFilesWatcher()
    {
    }

    public static ProjectFilesWatcher Start(Workspace workspace, IActorRef catalog, ILoggingAdapter log)
    {
        var watcher = new ProjectFilesWatcher();
        var projectsDir = Path.GetFullPath(workspace.ProjectsDir);
        try
        {
            var config = new FileSystemWatcher(workspace.Root, WorkspaceConfigReader.FileName) { NotifyFilter = Notified };
            watcher.Add(config, catalog, _ => true);
            if (Directory.Exists(projectsDir))
            {
                var projects = new FileSystemWatcher(projectsDir) { IncludeSubdirectories = true, NotifyFilter = Notified };
                // A pit.toml anywhere below, or a project folder itself (added, removed, renamed).
                watcher.Add(projects, catalog, path =>
                    Path.GetFileName(path) == PitTomlReader.FileName || Path.GetDirectoryName(path) == projectsDir);
            }
            else
            {
                log.Warning("Catalog: {0} does not exist; projects added there later are read on SIGHUP or POST /api/reload", projectsDir);
            }
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            log.Warning("Catalog: cannot watch the workspace for changes ({0}); reload with SIGHUP or POST /api/reload", e.Message);
        }
        return watcher;
    }

    private const NotifyFilters Notified = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size;

    private void Add(FileSystemWatcher watcher, IActorRef catalog, Func<string, bool> relevant)
    {
        void OnEvent(object? sender, FileSystemEventArgs e)
        {
            if (relevant(e.FullPath)) catalog.Tell(Signal);
        }
        watcher.Created += OnEvent;
        watcher.Changed += OnEvent;
        watcher.Deleted += OnEvent;
        watcher.Renamed += (sender, e) =>
        {
            if (relevant(e.FullPath) || relevant(e.OldFullPath)) catalog.Tell(Signal);
        };
        watcher.EnableRaisingEvents = true;
        _watchers.Add(watcher);
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers) watcher.Dispose();
    }
}
