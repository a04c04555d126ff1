using Akka.Actor;
using Pit.Core.Secrets;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Actors;

/// <summary>
/// The engine's secrets (<c>/user/pit/secrets</c>): resolves a key for a task (its project's
/// section, then <c>[global]</c>) and records every lookup as an event of the asking run, sent to
/// it by run id through the RunRegistry. The answer goes out only once the run has the access in
/// its journal, so no value is handed over unaudited; lookups are not serialised meanwhile. It
/// holds the secrets file the engine started with.
/// </summary>
public sealed class SecretsVaultActor : ReceiveActor
{
    public static readonly TimeSpan RecordTimeout = TimeSpan.FromSeconds(30);

    public SecretsVaultActor(SecretsFile secrets, ActorSelection runs)
    {
        Receive<Resolve>(resolve =>
        {
            var lookup = secrets.Resolve(resolve.Caller.Dag, resolve.Key);
            var record = new DagRunCommands.RecordSecretAccess(resolve.Caller.RunId, resolve.Caller.Task, resolve.Caller.Attempt, resolve.Key, lookup.Found);
            runs.Ask<object>(record, RecordTimeout).ContinueWith(
                answer => answer.IsCompletedSuccessfully && answer.Result is DagRunCommands.SecretAccessRecorded
                    ? lookup
                    : new SecretLookup(null, $"secret '{resolve.Key}': the lookup could not be recorded for run {resolve.Caller.RunId}, so it is refused"),
                TaskContinuationOptions.ExecuteSynchronously).PipeTo(Sender);
        });
    }

    public static Props Props(SecretsFile secrets, ActorSelection runs) => Akka.Actor.Props.Create<SecretsVaultActor>(secrets, runs);

    /// <summary>Resolve <see cref="Key"/> for <see cref="Caller"/>; the answer is a <see cref="SecretLookup"/>.</summary>
    public sealed record Resolve(SdkCaller Caller, string Key);

    /// <summary>The vault as the SDK socket's secret source.</summary>
    public sealed class Source(IActorRef vault) : ISecretSource
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

        public Task<SecretLookup> ResolveAsync(SdkCaller caller, string key) => vault.Ask<SecretLookup>(new Resolve(caller, key), Timeout);
    }
}
