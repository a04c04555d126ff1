using System.Net;
using System.Text.Json;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// The run and log reads of <c>pit serve</c>'s API on the real binary: a task's log as text and as
/// server-sent events, paging the runs with <c>before=</c>, and a run's parameters.
/// </summary>
public sealed class ServeApiSpecs : IDisposable
{
    private const string Token = "api-token-0123456789abcdef";
    private const string Secret = "hunter2-very-secret";

    private TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose() => _workspace.Dispose();

    private void UseConfig(string config)
    {
        _workspace.Dispose();
        _workspace = TempWorkspace.ForRuns(config);
    }

    /// <summary>A DAG whose tasks are bash scripts, each depending on the one before.</summary>
    private void Dag(string name, string dagLines, params (string Task, string Script)[] tasks)
    {
        var toml = $"[dag]\n{dagLines}\n";
        string? previous = null;
        foreach (var (task, script) in tasks)
        {
            toml += $"\n[[tasks]]\nname = \"{task}\"\nscript = \"tasks/{task}.sh\"\n";
            if (previous is not null) toml += $"depends_on = [\"{previous}\"]\n";
            _workspace.Write($"projects/{name}/tasks/{task}.sh", script);
            previous = task;
        }
        _workspace.Write($"projects/{name}/pit.toml", toml);
    }

    /// <summary>Bash that waits until the test creates <paramref name="file"/> in the workspace.</summary>
    private string WaitFor(string file) => $"while [ ! -e '{_workspace.PathOf(file)}' ]; do sleep 0.05; done\n";

    private void Release(string file) => _workspace.Write(file, "");

    private static string RunIdOf(ApiReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        return reply.Json.GetProperty("run_id").GetString()!;
    }

    private static List<string> Lines(IEnumerable<ServerEvent> events) =>
        events.Where(e => e.Type == "message" && !e.Data.StartsWith("=== attempt", StringComparison.Ordinal)).Select(e => e.Data).ToList();

    private static JsonElement EndOf(List<ServerEvent> events)
    {
        Assert.Equal("end", events[^1].Type);
        Assert.Single(events, e => e.Type == "end");
        return JsonDocument.Parse(events[^1].Data).RootElement;
    }

    [Fact]
    public void Following_a_running_task_streams_its_lines_in_order_then_an_end_event_with_its_state()
    {
        Dag("feed", "", ("work",
            "echo one\n" + WaitFor("go-1") + "echo two\nprintf 'carriage\\rreturn\\n'\necho\n" + WaitFor("go-2") + "echo three\n"));
        using var pit = new ServedPit(_workspace);
        var runId = RunIdOf(pit.Post("/api/dags/feed/trigger"));
        pit.WaitForTaskRunning(runId, "work");
        var path = $"/api/runs/{runId}/tasks/work/logs?follow=true";

        using var follow = new EventStream(pit.Port, path);
        Assert.Equal((HttpStatusCode.OK, "text/event-stream"), (follow.Status, follow.ContentType));
        var events = follow.Until(e => e.Data == "one");
        // A viewer that goes away mid-stream leaves the others and the run alone.
        var abandoned = new EventStream(pit.Port, path);
        abandoned.Until(e => e.Data == "one");
        abandoned.Dispose();
        Release("go-1");
        events.AddRange(follow.Until(e => e.Data == ""));
        Release("go-2");
        events.AddRange(follow.Until(e => e.Type == "end"));

        Assert.Equal(["one", "two", "carriage\nreturn", "", "three"], Lines(events));
        Assert.StartsWith("=== attempt 1 of task work", events[0].Data);
        Assert.StartsWith("=== attempt 1 of task work succeeded", events[^2].Data);
        var end = EndOf(events);
        Assert.Equal(("work", "success", 0), (end.GetProperty("task").GetString(), end.GetProperty("state").GetString(), end.GetProperty("exit_code").GetInt32()));
        Assert.Null(follow.Next());
        var ids = events.Where(e => e.Type == "message").Select(e => long.Parse(e.Id!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(new FileInfo(_workspace.RunPath(runId, "logs", "work.log")).Length, ids[^1]);

        // Afterwards: the same log as text, and as a stream that ends at once.
        var text = pit.Get($"/api/runs/{runId}/tasks/work/logs");
        Assert.True(text.Status == HttpStatusCode.OK, text.ToString());
        Assert.Equal(_workspace.ReadLog(runId, "work"), text.Text);
        Assert.Contains("one\ntwo\ncarriage\rreturn\n\nthree\n", text.Text);
        using var replay = new EventStream(pit.Port, path);
        var replayed = replay.Until(e => e.Type == "end");
        Assert.Equal(events.Select(e => (e.Type, e.Data, e.Id)), replayed.Select(e => (e.Type, e.Data, e.Id)));
        Assert.Null(replay.Next());

        // A client that reconnects with the id of the last event it got goes on from there.
        var afterTwo = events.First(e => e.Data == "two").Id;
        using var resumed = new EventStream(pit.Port, path, lastEventId: afterTwo);
        Assert.Equal(["carriage\nreturn", "", "three"], Lines(resumed.Until(e => e.Type == "end")));
    }

    [Fact]
    public void A_task_that_waits_has_an_empty_log_and_its_follow_ends_when_its_run_is_cancelled()
    {
        Dag("chain", "", ("first", WaitFor("never")), ("second", "echo second\n"));
        using var pit = new ServedPit(_workspace);
        var runId = RunIdOf(pit.Post("/api/dags/chain/trigger"));
        pit.WaitForTaskRunning(runId, "first");

        var empty = pit.Get($"/api/runs/{runId}/tasks/second/logs");
        Assert.True(empty.Status == HttpStatusCode.OK, empty.ToString());
        Assert.Equal("", empty.Text);
        using var follow = new EventStream(pit.Port, $"/api/runs/{runId}/tasks/second/logs?follow=true");
        Assert.Equal(HttpStatusCode.OK, follow.Status);
        Assert.Equal(HttpStatusCode.Accepted, pit.Post($"/api/runs/{runId}/cancel").Status);

        var events = follow.Until(e => e.Type == "end");
        Assert.Empty(Lines(events));
        var end = EndOf(events);
        Assert.Equal(("pending", "cancelled"), (end.GetProperty("state").GetString(), end.GetProperty("run_state").GetString()));
        Assert.Equal(JsonValueKind.Null, end.GetProperty("exit_code").ValueKind);
    }

    [Fact]
    public void Unknown_runs_and_tasks_are_404_and_bad_follow_values_are_400()
    {
        Dag("etl", "", ("extract", "echo ok\n"), ("load", "echo ok\n"));
        using var pit = new ServedPit(_workspace);
        var runId = RunIdOf(pit.Post("/api/dags/etl/trigger"));
        pit.WaitForRun(runId, "success");

        foreach (var path in new[] { "/api/runs/20250314_093000.125_etl/tasks/extract/logs", "/api/runs/not-a-run/tasks/extract/logs?follow=true" })
        {
            var unknownRun = pit.Get(path);
            Assert.True(unknownRun.Status == HttpStatusCode.NotFound, unknownRun.ToString());
            Assert.Equal("unknown_run", unknownRun.ErrorCode);
        }
        var unknownTask = pit.Get($"/api/runs/{runId}/tasks/transform/logs?follow=true");
        Assert.True(unknownTask.Status == HttpStatusCode.NotFound, unknownTask.ToString());
        Assert.Equal("unknown_task", unknownTask.ErrorCode);
        Assert.Contains($"run '{runId}' has no task 'transform'; its tasks: extract, load", unknownTask.Text);
        Assert.Equal(["extract", "load"], unknownTask.Json.GetProperty("error").GetProperty("known").EnumerateArray().Select(k => k.GetString()));

        var badFollow = pit.Get($"/api/runs/{runId}/tasks/load/logs?follow=yes");
        Assert.Equal((HttpStatusCode.BadRequest, "bad_request"), (badFollow.Status, badFollow.ErrorCode));
        Assert.Contains("follow must be true or false, got 'yes'", badFollow.Text);
        using var badResume = new EventStream(pit.Port, $"/api/runs/{runId}/tasks/load/logs?follow=true", lastEventId: "3");
        Assert.Equal(HttpStatusCode.BadRequest, badResume.Status);
        Assert.Contains("Last-Event-ID", badResume.Body);

        File.Delete(_workspace.RunPath(runId, "logs", "load.log"));
        var gone = pit.Get($"/api/runs/{runId}/tasks/load/logs");
        Assert.True(gone.Status == HttpStatusCode.NotFound, gone.ToString());
        Assert.Equal("no_log", gone.ErrorCode);
        Assert.Contains($"runs/{runId}/logs/load.log", gone.Text);
    }

    [Fact]
    public void With_api_auth_all_a_log_needs_the_token()
    {
        UseConfig($"api_token = \"{Token}\"\napi_auth = \"all\"");
        Dag("etl", "", ("work", "echo ok\n"));
        using var pit = new ServedPit(_workspace);
        var runId = RunIdOf(pit.Post("/api/dags/etl/trigger", token: Token));

        var refused = pit.Get($"/api/runs/{runId}/tasks/work/logs");
        Assert.True(refused.Status == HttpStatusCode.Unauthorized, refused.ToString());
        using var refusedStream = new EventStream(pit.Port, $"/api/runs/{runId}/tasks/work/logs?follow=true", token: "wrong");
        Assert.Equal(HttpStatusCode.Unauthorized, refusedStream.Status);

        using var follow = new EventStream(pit.Port, $"/api/runs/{runId}/tasks/work/logs?follow=true", token: Token);
        var events = follow.Until(e => e.Type == "end");
        Assert.Equal(["ok"], Lines(events));
        Assert.Equal("success", EndOf(events).GetProperty("state").GetString());
    }

    [Fact]
    public void Paging_with_before_gives_disjoint_pages_that_cover_every_run()
    {
        Dag("quick", "overlap = \"allow\"", ("work", "echo ok\n"));
        Dag("other", "", ("work", "echo ok\n"));
        using var pit = new ServedPit(_workspace);
        var triggered = Enumerable.Range(0, 5).Select(_ => RunIdOf(pit.Post("/api/dags/quick/trigger"))).ToList();
        var otherRun = RunIdOf(pit.Post("/api/dags/other/trigger"));
        Poll.Until(() => pit.Get("/api/runs?state=success").Json.GetProperty("runs").GetArrayLength() == 6, "the six runs to succeed");
        var all = pit.Get("/api/runs?dag=quick").Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!).ToList();
        Assert.Equal(triggered.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));

        var pages = new List<List<string>>();
        string? before = null;
        while (true)
        {
            var reply = pit.Get($"/api/runs?dag=quick&limit=2{(before is null ? "" : "&before=" + before)}");
            Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
            var page = reply.Json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()!).ToList();
            if (page.Count == 0) break;
            pages.Add(page);
            before = page[^1];
        }
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(all, pages.SelectMany(p => p));

        // A time: the runs created strictly before it; another DAG's run id marks its place too.
        var newest = pit.Get($"/api/runs/{all[0]}").Json.GetProperty("started").GetDateTime();
        var beforeNewest = pit.Get($"/api/runs?dag=quick&before={newest:yyyy-MM-ddTHH:mm:ss.fffffffZ}").Json.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("run_id").GetString()).ToList();
        Assert.Equal(all.Skip(1), beforeNewest);
        Assert.Empty(pit.Get("/api/runs?before=2000-01-01").Json.GetProperty("runs").EnumerateArray());
        Assert.Equal(6, pit.Get("/api/runs?before=2999-12-31T00:00:00%2B02:00").Json.GetProperty("runs").GetArrayLength());
        var otherStarted = pit.Get($"/api/runs/{otherRun}").Json.GetProperty("started").GetDateTime();
        var beforeOther = pit.Get($"/api/runs?dag=quick&before={otherRun}").Json.GetProperty("runs").EnumerateArray()
            .Select(r => r.GetProperty("started").GetDateTime()).ToList();
        Assert.All(beforeOther, started => Assert.True(started < otherStarted, $"{started:O} is not before {otherStarted:O}"));
        Assert.Equal(5, beforeOther.Count);

        var bad = pit.Get("/api/runs?before=yesterday");
        Assert.Equal((HttpStatusCode.BadRequest, "bad_request"), (bad.Status, bad.ErrorCode));
        Assert.Contains("before must be a run id", bad.Text);
        Assert.Contains("got 'yesterday'", bad.Text);
    }

    [Fact]
    public void A_run_shows_its_parameters_with_secret_values_masked()
    {
        UseConfig($"secrets_dir = \"secrets.toml\"\napi_token = \"{Token}\"");
        _workspace.Write("secrets.toml", $"[global]\ndb_password = \"{Secret}\"\n");
        Dag("etl", "", ("work", "echo \"date=$PIT_PARAM_DATE\"\n"));
        using var pit = new ServedPit(_workspace);

        var runId = RunIdOf(pit.Post("/api/dags/etl/trigger", $$"""{"date": "2025-03-14", "region": "eu", "dsn": "pg://app:{{Secret}}@db"}""", token: Token));
        var detail = pit.WaitForRun(runId, "success");

        var parameters = detail.GetProperty("parameters");
        Assert.Equal("2025-03-14", parameters.GetProperty("date").GetString());
        Assert.Equal("eu", parameters.GetProperty("region").GetString());
        Assert.Equal("pg://app:***@db", parameters.GetProperty("dsn").GetString());
        Assert.Equal(JsonValueKind.Null, detail.GetProperty("logical_time").ValueKind);
        var listed = Assert.Single(pit.Get("/api/runs").Json.GetProperty("runs").EnumerateArray());
        Assert.Equal("eu", listed.GetProperty("parameters").GetProperty("region").GetString());
        Assert.Equal("pg://app:***@db", listed.GetProperty("parameters").GetProperty("dsn").GetString());
        Assert.DoesNotContain(Secret, pit.Get($"/api/runs/{runId}").Text + pit.Get("/api/runs").Text);
        Assert.Contains("date=2025-03-14", pit.Get($"/api/runs/{runId}/tasks/work/logs").Text);
    }
}
