using System.Collections.Immutable;
using Akka.Actor;

namespace Pit.Engine.Sdk;

/// <summary>
/// The run's context for the SDK socket: reads come from the latest state the DagRun published
/// (<see cref="Publish"/>), writes go to the DagRun as <see cref="SetContext"/>, answered with
/// <see cref="ContextStored"/> once the ContextSet event is in the journal.
/// </summary>
public sealed class RunContextBridge(IActorRef run) : IRunContext
{
    public static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(30);

    private volatile ImmutableDictionary<string, string> _view = ImmutableDictionary<string, string>.Empty;

    public sealed record SetContext(SdkCaller Caller, string Key, string Json);

    public sealed record ContextStored;

    public void Publish(ImmutableDictionary<string, string> context) => _view = context;

    public bool TryGet(string key, out string json) => _view.TryGetValue(key, out json!);

    public Task SetAsync(SdkCaller caller, string key, string json) =>
        run.Ask<ContextStored>(new SetContext(caller, key, json), WriteTimeout);
}
