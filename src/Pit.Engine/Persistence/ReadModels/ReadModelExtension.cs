using Akka.Actor;

namespace Pit.Engine.Persistence.ReadModels;

/// <summary>
/// The actor system's read models, on the metadata database its journal uses (the HOCON key
/// <see cref="ConfigKey"/>, set by <c>WithPitPersistence</c>): one <see cref="RunReadModel"/> per
/// system, so the projections actor and every reader in the process share its one writer.
/// </summary>
public sealed class ReadModelExtension(RunReadModel runs) : IExtension
{
    public const string ConfigKey = "pit.metadata-db";

    public RunReadModel Runs { get; } = runs;

    public static RunReadModel For(ActorSystem system) => system.WithExtension<ReadModelExtension, ReadModelExtensionProvider>().Runs;
}

public sealed class ReadModelExtensionProvider : ExtensionIdProvider<ReadModelExtension>
{
    public override ReadModelExtension CreateExtension(ExtendedActorSystem system)
    {
        var path = system.Settings.Config.GetString(ReadModelExtension.ConfigKey, null);
        if (string.IsNullOrEmpty(path))
            throw new InvalidOperationException(
                $"the read models need the metadata database: '{ReadModelExtension.ConfigKey}' is not set (WithPitPersistence sets it)");
        return new ReadModelExtension(RunReadModel.Open(path));
    }
}
