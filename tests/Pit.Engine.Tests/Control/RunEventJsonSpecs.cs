using Pit.Engine.Control;
using Pit.Engine.Protocol;
using Pit.Engine.Sdk;

namespace Pit.Engine.Tests.Control;

public sealed class RunEventJsonSpecs
{
    private const string RunId = "20260101_000000.000_etl";
    private static readonly DateTimeOffset At = new(2026, 1, 1, 10, 0, 0, TimeSpan.FromHours(1));

    private static Redactor Masking(params string[] secrets)
    {
        var redactor = new Redactor();
        redactor.Add(secrets);
        return redactor;
    }

    [Fact]
    public void An_event_shows_its_sequence_type_time_in_utc_and_fields_in_snake_case()
    {
        var created = new RunEvents.RunCreated(RunId, "etl", "ctl", "hash", [new("load", ["extract"])], At, At.AddHours(-1),
            new Dictionary<string, string> { ["dateFrom"] = "2025-03-14" });

        var shown = RunEventJson.Of(1, created, new Redactor());

        Assert.Equal(["seq", "type", "at", "run_id", "dag", "trigger", "snapshot_hash", "tasks", "logical_time", "parameters"], shown.Select(p => p.Key));
        Assert.Equal((1L, "RunCreated", "2026-01-01T09:00:00.0000000Z"), (shown["seq"]!.GetValue<long>(), shown["type"]!.GetValue<string>(), shown["at"]!.GetValue<string>()));
        Assert.Equal("2026-01-01T08:00:00.0000000Z", shown["logical_time"]!.GetValue<string>());
        Assert.Equal("""[{"name":"load","depends_on":["extract"]}]""", shown["tasks"]!.ToJsonString());
        // The user's parameter names stay as they were given.
        Assert.Equal("2025-03-14", shown["parameters"]!["dateFrom"]!.GetValue<string>());
    }

    [Fact]
    public void Secret_values_are_masked_a_retry_delay_is_in_seconds_and_a_run_end_uses_the_state_names()
    {
        var secrets = Masking("hunter2-very-secret");
        var created = new RunEvents.RunCreated(RunId, "etl", "ctl", "hash", [], At, null,
            new Dictionary<string, string> { ["dsn"] = "pg://app:hunter2-very-secret@db" });

        var parameters = RunEventJson.Of(1, created, secrets)["parameters"]!;
        var retry = RunEventJson.Of(3, new RunEvents.TaskRetryScheduled(RunId, "load", 2, TimeSpan.FromSeconds(1.5), At), secrets);
        var finished = RunEventJson.Of(4, new RunEvents.RunFinished(RunId, RunStatus.TimedOut, "timeout 1h passed", At), secrets);

        Assert.Equal("pg://app:***@db", parameters["dsn"]!.GetValue<string>());
        Assert.Equal(1.5, retry["delay_seconds"]!.GetValue<double>());
        Assert.Null(retry["delay"]);
        Assert.Equal(("timed_out", "timeout 1h passed"), (finished["status"]!.GetValue<string>(), finished["reason"]!.GetValue<string>()));
    }
}
