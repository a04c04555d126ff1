using Microsoft.Data.Sqlite;
using Pit.Core.Workspace;
using Pit.Engine.Persistence.ReadModels;

namespace Pit.Cli.Commands;

/// <summary>
/// Opens the read models (the journal's projections in the metadata database) for the read-only
/// commands: caught up from the journal first, without starting an actor system.
/// </summary>
public static class HistoryAccess
{
    public static RunReadModel Open(Workspace workspace) => RunReadModel.Open(workspace.Config.MetadataDb);

    public static T Read<T>(Workspace workspace, Func<SqliteConnection, T> query) => Open(workspace).Read(query);
}
