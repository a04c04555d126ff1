using Akka.Actor;
using Pit.Core.Secrets;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Actors;

/// <summary>
/// The engine's secrets (<c>/user/pit/secrets</c>): resolves a key for a task (its project's
/// section, then <c>[global]</c>) and records every lookup as an event of the asking run, sent to
/// it by run id through the RunRegistry. It holds the secrets file the engine started with.
/// </summary>
public sealed class SecretsVaultActor : ReceiveActor
{
    public SecretsVaultActor(SecretsFile secrets, ICanTell runs)
    {
        Receive<Resolve>(resolve =>
        {
            var lookup = secrets.Resolve(resolve.Caller.Dag, resolve.Key);
            runs.Tell(new DagRunCommands.RecordSecretAccess(resolve.Caller.RunId, resolve.Caller.Task, resolve.Caller.Attempt, resolve.Key, lookup.Found), Self);
            Sender.Tell(lookup);
        });
        // The registry's answer when the run has ended meanwhile: nothing is left to record it in.
        Receive<DagRunCommands.RunNotFound>(_ => { });
    }

    public static Props Props(SecretsFile secrets, ICanTell runs) => Akka.Actor.Props.Create<SecretsVaultActor>(secrets, runs);

    /// <summary>Resolve <see cref="Key"/> for <see cref="Caller"/>; the answer is a <see cref="SecretLookup"/>.</summary>
    public sealed record Resolve(SdkCaller Caller, string Key);

    /// <summary>The vault as the SDK socket's secret source.</summary>
    public sealed class Source(IActorRef vault) : ISecretSource
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        public Task<SecretLookup> ResolveAsync(SdkCaller caller, string key) => vault.Ask<SecretLookup>(new Resolve(caller, key), Timeout);
    }
}
