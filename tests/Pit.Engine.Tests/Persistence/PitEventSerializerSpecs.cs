using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Persistence;

public sealed class PitEventSerializerSpecs : Akka.TestKit.Xunit2.TestKit
{
    private readonly PitEventSerializer _serializer;

    public PitEventSerializerSpecs() => _serializer = new PitEventSerializer((ExtendedActorSystem)Sys);

    [Fact]
    public void Manifests_are_pinned_so_a_rename_cannot_break_replay()
    {
        var expected = new Dictionary<Type, string>
        {
            [typeof(RunEvents.RunCreated)] = "run-created.v1",
            [typeof(RunEvents.TaskStarted)] = "task-started.v1",
            [typeof(RunEvents.TaskSucceeded)] = "task-succeeded.v1",
            [typeof(RunEvents.TaskFailed)] = "task-failed.v1",
            [typeof(RunEvents.TaskRetryScheduled)] = "task-retry-scheduled.v1",
            [typeof(RunEvents.TaskSkipped)] = "task-skipped.v1",
            [typeof(RunEvents.TaskUpstreamFailed)] = "task-upstream-failed.v1",
            [typeof(RunEvents.RunFinished)] = "run-finished.v1",
            [typeof(RunEvents.SecretAccessed)] = "secret-accessed.v1",
            [typeof(RunEvents.ContextSet)] = "context-set.v1",
            [typeof(SchedulerEvents.OccurrenceFired)] = "occurrence-fired.v1",
            [typeof(SchedulerEvents.TriggerRefused)] = "trigger-refused.v1",
            [typeof(SchedulerEvents.TriggerQueued)] = "trigger-queued.v1",
            [typeof(SchedulerEvents.QueuedTriggerLeft)] = "queued-trigger-left.v1",
            [typeof(SchedulerEvents.DagPaused)] = "dag-paused.v1",
            [typeof(SchedulerEvents.DagResumed)] = "dag-resumed.v1",
            [typeof(SchedulerEvents.SchedulerSnapshot)] = "scheduler-snapshot.v1",
        };
        Assert.Equal(expected.OrderBy(e => e.Value), PitEventSerializer.Manifests.OrderBy(e => e.Value));
        Assert.Equal(4711, _serializer.Identifier);
    }

    [Fact]
    public void The_start_up_warm_up_round_trips_the_events_a_run_writes_and_leaves_the_serializer_as_it_was()
    {
        PitEventSerializer.WarmUp(); // throws if a round trip fails

        var started = new RunEvents.TaskStarted("20250314_093000.125_d", "t", 2, 42, DateTimeOffset.UnixEpoch);
        Assert.Equal(started, _serializer.FromBinary(_serializer.ToBinary(started), _serializer.Manifest(started)));
    }

    [Fact]
    public void Every_event_type_in_the_protocol_has_a_manifest()
    {
        var events = typeof(IPitEvent).Assembly.GetTypes()
            .Where(t => typeof(IPitEvent).IsAssignableFrom(t) && t is { IsInterface: false, IsAbstract: false });
        Assert.All(events, t => Assert.True(PitEventSerializer.Manifests.ContainsKey(t), $"{t.Name} has no manifest"));
    }

    [Fact]
    public void Every_event_round_trips_with_all_its_fields()
    {
        foreach (var evt in SampleEvents.EveryType().Concat(SampleEvents.SchedulerEveryType()))
        {
            var bytes = _serializer.ToBinary(evt);
            var back = _serializer.FromBinary(bytes, _serializer.Manifest(evt));

            Assert.IsType(evt.GetType(), back);
            Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(_serializer.ToBinary(back)));
        }
    }

    [Fact]
    public void Run_created_keeps_tasks_offsets_and_parameters()
    {
        var created = (RunEvents.RunCreated)SampleEvents.EveryType()[0];

        var back = (RunEvents.RunCreated)_serializer.FromBinary(_serializer.ToBinary(created), "run-created.v1");

        Assert.Equal(created with { Tasks = back.Tasks, Parameters = back.Parameters }, back);
        Assert.Equal(["extract", "load"], back.Tasks.Select(t => t.Name));
        Assert.Equal(["extract"], back.Tasks[1].DependsOn);
        Assert.Equal(TimeSpan.FromHours(2), back.LogicalTime!.Value.Offset);
        Assert.Equal(created.Parameters, back.Parameters);

        var bare = (RunEvents.RunCreated)SampleEvents.EveryType()[1];
        var bareBack = (RunEvents.RunCreated)_serializer.FromBinary(_serializer.ToBinary(bare), "run-created.v1");
        Assert.Null(bareBack.LogicalTime);
        Assert.Null(bareBack.Parameters);
        Assert.Empty(bareBack.Tasks);
    }

    [Fact]
    public void Optional_values_timespans_and_enums_survive()
    {
        var events = SampleEvents.EveryType();
        Assert.Equal(events[2], RoundTrip(events[2]));                 // pid 4242
        Assert.Null(((RunEvents.TaskStarted)RoundTrip(events[3])).Pid); // pid null
        Assert.Equal(events[5], RoundTrip(events[5]));                 // exit code 3
        Assert.Equal(events[6], RoundTrip(events[6]));                 // exit code null, timed out
        Assert.Equal(TimeSpan.FromSeconds(1.5), ((RunEvents.TaskRetryScheduled)RoundTrip(events[7])).Delay);
        Assert.Equal(events[10], RoundTrip(events[10]));               // RunStatus.TimedOut with reason
        Assert.Equal(events[11], RoundTrip(events[11]));               // reason null
    }

    [Fact]
    public void Json_is_camel_case_with_enums_as_strings()
    {
        var json = Encoding.UTF8.GetString(_serializer.ToBinary(SampleEvents.EveryType()[10]));

        Assert.Contains("\"runId\":", json);
        Assert.Contains("\"status\":\"timedOut\"", json);
        Assert.DoesNotContain("RunFinished", json);
    }

    [Fact]
    public void An_unknown_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<SerializationException>(() => _serializer.FromBinary("{}"u8.ToArray(), "task-exploded.v9"));

        Assert.Contains("task-exploded.v9", error.Message);
    }

    [Fact]
    public void A_type_without_a_manifest_is_a_clear_error()
    {
        var error = Assert.Throws<SerializationException>(() => _serializer.Manifest("not an event"));

        Assert.Contains("System.String", error.Message);
    }

    private object RoundTrip(IPitEvent evt) => _serializer.FromBinary(_serializer.ToBinary(evt), _serializer.Manifest(evt));
}
