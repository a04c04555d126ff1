using System.Text.Json;
using System.Text.Json.Serialization;
using Pit.Engine.Protocol;
using TaskStatus = Pit.Engine.Protocol.TaskStatus;

namespace Pit.Engine.Persistence;

/// <summary>
/// Source-generated System.Text.Json metadata for every persisted event: camelCase names, enums as
/// camelCase strings (<c>"timedOut"</c>), no reflection at start-up. Add each new event here and in
/// <see cref="PitEventSerializer"/>; each enum used in an event gets a <see cref="CamelCaseEnum{TEnum}"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(CamelCaseEnum<RunStatus>), typeof(CamelCaseEnum<TaskStatus>), typeof(CamelCaseEnum<RerunMode>)])]
[JsonSerializable(typeof(RunEvents.RunCreated))]
[JsonSerializable(typeof(RunEvents.TaskStarted))]
[JsonSerializable(typeof(RunEvents.TaskSucceeded))]
[JsonSerializable(typeof(RunEvents.TaskFailed))]
[JsonSerializable(typeof(RunEvents.TaskRetryScheduled))]
[JsonSerializable(typeof(RunEvents.TaskSkipped))]
[JsonSerializable(typeof(RunEvents.TaskUpstreamFailed))]
[JsonSerializable(typeof(RunEvents.RunFinished))]
[JsonSerializable(typeof(RunEvents.SecretAccessed))]
[JsonSerializable(typeof(RunEvents.ContextSet))]
[JsonSerializable(typeof(SchedulerEvents.OccurrenceFired))]
[JsonSerializable(typeof(SchedulerEvents.TriggerRefused))]
[JsonSerializable(typeof(SchedulerEvents.TriggerQueued))]
[JsonSerializable(typeof(SchedulerEvents.QueuedTriggerLeft))]
[JsonSerializable(typeof(SchedulerEvents.DagPaused))]
[JsonSerializable(typeof(SchedulerEvents.DagResumed))]
[JsonSerializable(typeof(SchedulerEvents.SchedulerSnapshot))]
internal sealed partial class PitEventJson : JsonSerializerContext;

/// <summary>An enum as its camelCase member name; numbers are refused.</summary>
internal sealed class CamelCaseEnum<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;
