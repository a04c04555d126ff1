using Akka.Streams;
using Pit.Core.Secrets;
using Pit.Core.Workspace;
using Pit.Engine.Runners;

namespace Pit.Engine.Runs;

/// <summary>What every run of an engine shares: the workspace settings, the task executor and the secrets.</summary>
public sealed record RunEnvironment(string WorkspaceRoot, WorkspaceConfig Config, ITaskExecutor Executor)
{
    /// <summary>What tasks may ask for through the SDK socket; <see cref="SecretsFile.None"/> when no file is configured.</summary>
    public SecretsFile Secrets { get; init; } = SecretsFile.None;

    /// <summary>The engine's SecretsVault actor; without one (a run on its own), a run reads <see cref="Secrets"/> itself.</summary>
    public Akka.Actor.IActorRef? SecretsVault { get; init; }

    /// <summary>
    /// The engine's TaskSlots actor (workspace <c>max_active_tasks</c> and <c>[pools]</c>); without one,
    /// a run starts its tasks up to its DAG's own limit only.
    /// </summary>
    public Akka.Actor.IActorRef? TaskSlots { get; init; }

    /// <summary>Runs the SDK sockets' connection streams; each run makes its own when null.</summary>
    public IMaterializer? Materializer { get; init; }
}
