using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Akka.Actor;
using Akka.Serialization;
using Pit.Engine.Protocol;

namespace Pit.Engine.Persistence;

/// <summary>
/// Serializes every <see cref="IPitEvent"/> as camelCase JSON under one stable manifest per event
/// type, taken from the table below, never from CLR type names: renaming a class cannot break
/// replay. Never change or reuse a manifest; a changed event shape gets a new event (or ".v2").
/// </summary>
public sealed class PitEventSerializer : SerializerWithStringManifest
{
    /// <summary>
    /// The serializer id stored with every journal row (Akka reserves 0–100). Never change it,
    /// or existing journals can no longer be read.
    /// </summary>
    public const int Id = 4711;

    private sealed record Entry(Type Type, string Manifest, JsonTypeInfo Info);

    private static readonly Entry[] Table =
    [
        new(typeof(RunEvents.RunCreated), "run-created.v1", PitEventJson.Default.RunCreated),
        new(typeof(RunEvents.TaskStarted), "task-started.v1", PitEventJson.Default.TaskStarted),
        new(typeof(RunEvents.TaskSucceeded), "task-succeeded.v1", PitEventJson.Default.TaskSucceeded),
        new(typeof(RunEvents.TaskFailed), "task-failed.v1", PitEventJson.Default.TaskFailed),
        new(typeof(RunEvents.TaskRetryScheduled), "task-retry-scheduled.v1", PitEventJson.Default.TaskRetryScheduled),
        new(typeof(RunEvents.TaskSkipped), "task-skipped.v1", PitEventJson.Default.TaskSkipped),
        new(typeof(RunEvents.TaskUpstreamFailed), "task-upstream-failed.v1", PitEventJson.Default.TaskUpstreamFailed),
        new(typeof(RunEvents.RunFinished), "run-finished.v1", PitEventJson.Default.RunFinished),
        new(typeof(RunEvents.SecretAccessed), "secret-accessed.v1", PitEventJson.Default.SecretAccessed),
        new(typeof(RunEvents.ContextSet), "context-set.v1", PitEventJson.Default.ContextSet),
        new(typeof(SchedulerEvents.OccurrenceFired), "occurrence-fired.v1", PitEventJson.Default.OccurrenceFired),
        new(typeof(SchedulerEvents.TriggerRefused), "trigger-refused.v1", PitEventJson.Default.TriggerRefused),
        new(typeof(SchedulerEvents.TriggerQueued), "trigger-queued.v1", PitEventJson.Default.TriggerQueued),
        new(typeof(SchedulerEvents.QueuedTriggerLeft), "queued-trigger-left.v1", PitEventJson.Default.QueuedTriggerLeft),
        new(typeof(SchedulerEvents.DagPaused), "dag-paused.v1", PitEventJson.Default.DagPaused),
        new(typeof(SchedulerEvents.DagResumed), "dag-resumed.v1", PitEventJson.Default.DagResumed),
        new(typeof(SchedulerEvents.SchedulerSnapshot), "scheduler-snapshot.v1", PitEventJson.Default.SchedulerSnapshot),
    ];

    private static readonly Dictionary<Type, Entry> ByType = Table.ToDictionary(e => e.Type);
    private static readonly Dictionary<string, Entry> ByManifest = Table.ToDictionary(e => e.Manifest, StringComparer.Ordinal);

    public PitEventSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public override int Identifier => Id;

    /// <summary>Every manifest this serializer reads and writes, by event type.</summary>
    public static IReadOnlyDictionary<Type, string> Manifests { get; } = Table.ToDictionary(e => e.Type, e => e.Manifest);

    public override string Manifest(object o) => EntryFor(o).Manifest;

    /// <summary>
    /// Writes and reads back one of each event a run writes most, so that System.Text.Json's metadata
    /// for every event is built (and its generic code compiled) before the first event needs it.
    /// </summary>
    public static void WarmUp()
    {
        const string runId = "20000101_000000.000_warm-up";
        var at = DateTimeOffset.UnixEpoch;
        IPitEvent[] events =
        [
            new RunEvents.RunCreated(runId, "warm-up", "manual", "", [new RunEvents.PlannedTask("t", [])], at),
            new RunEvents.TaskStarted(runId, "t", 1, 1, at),
            new RunEvents.TaskSucceeded(runId, "t", 1, at),
            new RunEvents.TaskFailed(runId, "t", 1, 1, "", false, at),
            new RunEvents.RunFinished(runId, RunStatus.Succeeded, null, at),
        ];
        foreach (var e in events)
        {
            var entry = EntryFor(e);
            Read(JsonSerializer.SerializeToUtf8Bytes(e, entry.Info), entry.Manifest);
        }
    }

    public override byte[] ToBinary(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, EntryFor(obj).Info);

    public override object FromBinary(byte[] bytes, string manifest) => Read(bytes, manifest);

    /// <summary>The event a journal row holds (its message and manifest), without an actor system: what the read models project.</summary>
    public static object Read(byte[] bytes, string manifest)
    {
        if (!ByManifest.TryGetValue(manifest, out var entry))
            throw new SerializationException(
                $"Unknown Pit event manifest '{manifest}'. Known: {string.Join(", ", ByManifest.Keys)}. " +
                "The journal may have been written by a newer Pit.");
        try
        {
            return JsonSerializer.Deserialize(bytes, entry.Info)
                ?? throw new SerializationException($"Pit event '{manifest}' is empty (JSON null).");
        }
        catch (JsonException e)
        {
            throw new SerializationException($"Pit event '{manifest}' could not be read: {e.Message}", e);
        }
    }

    private static Entry EntryFor(object o) =>
        ByType.TryGetValue(o.GetType(), out var entry)
            ? entry
            : throw new SerializationException(
                $"{o.GetType().FullName} has no manifest in PitEventSerializer: add it to the table (and to PitEventJson).");
}
