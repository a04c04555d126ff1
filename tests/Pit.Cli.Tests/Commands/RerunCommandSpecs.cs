using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Pit.Cli.Tests.Support;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit rerun</c> on the real binary, in-process and through a real <c>pit serve</c> (CLI, API and
/// <c>pit ctl run rerun</c>). Every task appends a line to <c>side.log</c> in the workspace, outside
/// the run folders, so the specs count which tasks ran, and with which version of their script.
/// </summary>
public sealed partial class RerunCommandSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public RerunCommandSpecs() => Etl("v1");

    public void Dispose() => _workspace.Dispose();

    /// <summary>
    /// DAG <c>etl</c>: extract → load → report, and side on its own. extract writes a file into the data
    /// folder; load needs that file and fails (exit 4) until the workspace holds <c>ok</c>.
    /// </summary>
    private void Etl(string version, string dagLines = "")
    {
        _workspace.Write("projects/etl/pit.toml", $"""
            [dag]
            {dagLines}

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "load"
            script = "tasks/load.sh"
            depends_on = ["extract"]

            [[tasks]]
            name = "report"
            script = "tasks/report.sh"
            depends_on = ["load"]

            [[tasks]]
            name = "side"
            script = "tasks/side.sh"
            """);
        string Logs(string task) => $"echo \"{task} {version}\" >> \"$PIT_WORKSPACE_DIR/side.log\"\n";
        _workspace.Write("projects/etl/tasks/extract.sh", Logs("extract") + "echo rows > \"$PIT_DATA_DIR/extract.out\"\n");
        _workspace.Write("projects/etl/tasks/load.sh", Logs("load")
            + "test -e \"$PIT_DATA_DIR/extract.out\" || { echo 'no extract.out in the data folder'; exit 5; }\n"
            + "test -e \"$PIT_WORKSPACE_DIR/ok\" || exit 4\n");
        _workspace.Write("projects/etl/tasks/report.sh", Logs("report"));
        _workspace.Write("projects/etl/tasks/side.sh", Logs("side"));
    }

    private void LoadSucceedsFromNowOn() => _workspace.Write("ok", "");

    /// <summary>How many times each task ran so far, as <c>task=count</c> in task order.</summary>
    private string Ran()
    {
        var path = _workspace.PathOf("side.log");
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        return string.Join(" ", new[] { "extract", "load", "report", "side" }.Select(task => $"{task}={lines.Count(l => l.StartsWith(task + " ", StringComparison.Ordinal))}"));
    }

    private string RunEtl(int exitCode)
    {
        var result = _workspace.Pit("run", "etl");
        Assert.True(result.ExitCode == exitCode, result.ToString());
        return _workspace.RunIds("etl")[^1];
    }

    private static string NewRunOf(PitResult rerun) => RunLine().Match(rerun.Stdout).Groups[1].Value;

    [GeneratedRegex(@"^run (\S+): ", RegexOptions.Multiline)]
    private static partial Regex RunLine();

    [Fact]
    public void Without_a_flag_every_task_runs_again_from_the_old_snapshot_after_the_project_changed()
    {
        LoadSucceedsFromNowOn();
        var original = RunEtl(0);
        Etl("v2");

        var rerun = _workspace.Pit("rerun", original);

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        Assert.Equal("extract=2 load=2 report=2 side=2", Ran());
        Assert.DoesNotContain("v2", File.ReadAllText(_workspace.PathOf("side.log")));
        var newRun = NewRunOf(rerun);
        Assert.Contains($"rerun of {original}", rerun.Stdout);
        var shown = _workspace.Pit("status", newRun);
        Assert.Contains("trigger rerun", shown.Stdout);
        Assert.Contains($"rerun of {original}", shown.Stdout);
        Assert.Contains($"reruns: {newRun}", _workspace.Pit("status", original).Stdout);
        // The project on disk runs the new code.
        Assert.True(_workspace.Pit("run", "etl").ExitCode == 0);
        Assert.Equal(4, File.ReadAllLines(_workspace.PathOf("side.log")).Count(l => l.EndsWith(" v2", StringComparison.Ordinal)));
    }

    [Fact]
    public void Failed_reruns_the_failed_and_upstream_failed_tasks_on_a_copy_of_the_data_and_keeps_the_successes_as_reused()
    {
        var original = RunEtl(1);
        Assert.Equal("extract=1 load=1 report=0 side=1", Ran());
        LoadSucceedsFromNowOn();

        var rerun = _workspace.Pit("rerun", original, "--failed");

        Assert.True(rerun.ExitCode == 0, rerun.ToString());
        // load found extract's file in the copied data folder, though extract did not run again.
        Assert.Equal("extract=1 load=2 report=1 side=1", Ran());
        Assert.Matches(@"extract\s+success \(reused\)", rerun.Stdout);
        var status = _workspace.Pit("status", NewRunOf(rerun)).Stdout;
        Assert.Matches(@"extract\s+success \(reused\)\s+0", status);
        Assert.Matches(@"side\s+success \(reused\)\s+0", status);
        Assert.Matches(@"load\s+success\s+1", status);
        Assert.True(File.Exists(_workspace.RunPath(original, "data", "extract.out")));
    }

    [Fact]
    public void From_reruns_a_task_and_everything_downstream_and_task_exactly_one_task()
    {
        LoadSucceedsFromNowOn();
        var original = RunEtl(0);

        var from = _workspace.Pit("rerun", original, "--from", "load");
        var afterFrom = Ran();
        var task = _workspace.Pit("rerun", original, "--task", "load");

        Assert.True(from.ExitCode == 0, from.ToString());
        Assert.Equal("extract=1 load=2 report=2 side=1", afterFrom);
        Assert.True(task.ExitCode == 0, task.ToString());
        Assert.Equal("extract=1 load=3 report=2 side=1", Ran());
        Assert.Matches(@"report\s+success \(reused\)", task.Stdout);
    }

    [Fact]
    public void Bad_requests_are_refused_naming_the_run_the_task_or_the_missing_snapshot()
    {
        LoadSucceedsFromNowOn();
        var original = RunEtl(0);
        Etl("v1", "keep_artifacts = [\"logs\"]");
        var withoutSnapshot = RunEtl(0);

        var unknownRun = _workspace.Pit("rerun", "20250101_000000.000_etl");
        var unknownTask = _workspace.Pit("rerun", original, "--from", "nope");
        var twoFlags = _workspace.Pit("rerun", original, "--failed", "--task", "load");
        var nothingFailed = _workspace.Pit("rerun", original, "--failed");
        var deleted = _workspace.Pit("rerun", withoutSnapshot);

        Assert.Equal(1, unknownRun.ExitCode);
        Assert.Contains("no run '20250101_000000.000_etl' in the run history", unknownRun.Stderr);
        Assert.Equal(2, unknownTask.ExitCode);
        Assert.Contains($"run '{original}' has no task 'nope'; its tasks: extract, load, report, side", unknownTask.Stderr);
        Assert.Equal(2, twoFlags.ExitCode);
        Assert.Contains("give at most one of --failed, --from <task> and --task <task>", twoFlags.Stderr);
        Assert.Equal(1, nothingFailed.ExitCode);
        Assert.Contains("--failed has nothing to rerun", nothingFailed.Stderr);
        Assert.Equal(1, deleted.ExitCode);
        Assert.Contains($"run '{withoutSnapshot}' cannot be rerun: its snapshot", deleted.Stderr);
        Assert.Contains("keep_artifacts", deleted.Stderr);
        Assert.Equal(2, _workspace.RunIds("etl").Count);
    }

    [Fact]
    public async Task Through_pit_serve_the_cli_the_api_and_ctl_rerun_and_the_original_lists_its_reruns()
    {
        using var pit = new ServedPit(_workspace);
        var original = pit.Post("/api/dags/etl/trigger").Json.GetProperty("run_id").GetString()!;
        pit.WaitForRun(original, "failed");
        LoadSucceedsFromNowOn();

        var cli = _workspace.Pit("rerun", original, "--failed");
        var api = pit.Post($"/api/runs/{original}/rerun", """{"mode": "from", "task": "load"}""");
        var byApi = api.Json.GetProperty("run_id").GetString()!;
        var apiRun = pit.WaitForRun(byApi, "success");
        var ctl = _workspace.Pit("ctl", "--json", "run", "rerun", original, "--task", "side");
        var byCtl = ControlChannel.Text(JsonNode.Parse(ctl.Stdout)!["run_id"])!;
        var ctlRun = pit.WaitForRun(byCtl, "failed");

        Assert.True(cli.ExitCode == 0, cli.ToString());
        var byCli = NewRunOf(cli);
        Assert.Contains($"run {byCli}: rerun of {original} on pit serve", cli.Stdout);
        Assert.Matches(@"extract\s+success \(reused\)", cli.Stdout);
        Assert.Equal(HttpStatusCode.Accepted, api.Status);
        Assert.Equal((original, "rerun"), (apiRun.GetProperty("rerun_of").GetString(), apiRun.GetProperty("trigger").GetString()));
        Assert.Equal(["extract:success:True", "load:success:False", "report:success:False", "side:success:True"], Tasks(apiRun));
        var listed = pit.Get("/api/runs").Json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(original, listed.Single(r => r.GetProperty("run_id").GetString() == byApi).GetProperty("rerun_of").GetString());
        Assert.Equal(JsonValueKind.Null, listed.Single(r => r.GetProperty("run_id").GetString() == original).GetProperty("rerun_of").ValueKind);
        // --task side: load stays as it ended in the original (failed), so the rerun fails too.
        Assert.True(ctl.ExitCode == 0, ctl.ToString());
        Assert.Equal(["extract:success:True", "load:failed:True", "report:upstream_failed:True", "side:success:False"], Tasks(ctlRun));
        Assert.Equal("extract=1 load=3 report=2 side=2", Ran());
        var reruns = pit.Get($"/api/runs/{original}").Json.GetProperty("reruns").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Equal([byCli, byApi, byCtl], reruns);
        var shown = await ShowAsync(original);
        Assert.Equal([byCli, byApi, byCtl], shown["reruns"]!.AsArray().Select(r => ControlChannel.Text(r)));
    }

    [Fact]
    public void A_run_still_running_is_refused_and_bad_api_bodies_are_400()
    {
        _workspace.OneTaskDag("slow", $"while [ ! -e '{_workspace.PathOf("go")}' ]; do sleep 0.05; done\n");
        using var pit = new ServedPit(_workspace);
        var running = pit.Post("/api/dags/slow/trigger").Json.GetProperty("run_id").GetString()!;
        pit.WaitForTaskRunning(running, "work");

        var cli = _workspace.Pit("rerun", running);
        var api = pit.Post($"/api/runs/{running}/rerun");
        var unknown = pit.Post("/api/runs/20250101_000000.000_slow/rerun", """{"mode":"failed"}""");
        var unknownTask = pit.Post($"/api/runs/{running}/rerun", """{"mode":"task","task":"nope"}""");
        var badMode = pit.Post($"/api/runs/{running}/rerun", """{"mode":"some"}""");
        var missingTask = pit.Post($"/api/runs/{running}/rerun", """{"mode":"from"}""");

        Assert.Equal(1, cli.ExitCode);
        Assert.Contains($"run '{running}' is still running; a run can be rerun once it has ended", cli.Stderr);
        Assert.Equal((HttpStatusCode.Conflict, "run_active"), (api.Status, api.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "unknown_run"), (unknown.Status, unknown.ErrorCode));
        Assert.Equal((HttpStatusCode.NotFound, "unknown_task"), (unknownTask.Status, unknownTask.ErrorCode));
        Assert.Equal(["work"], unknownTask.Json.GetProperty("error").GetProperty("known").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal((HttpStatusCode.BadRequest, "unknown mode 'some'; modes: all, failed, from, task"), (badMode.Status, Message(badMode)));
        Assert.Equal((HttpStatusCode.BadRequest, "rerun mode 'from' needs a task"), (missingTask.Status, Message(missingTask)));
        _workspace.Write("go", "");
        pit.WaitForRun(running, "success");
        Assert.Single(_workspace.RunIds("slow"));
    }

    private static string? Message(ApiReply reply) => reply.Json.GetProperty("error").GetProperty("message").GetString();

    private static List<string> Tasks(JsonElement run) =>
        run.GetProperty("tasks").EnumerateArray()
            .Select(t => $"{t.GetProperty("name").GetString()}:{t.GetProperty("state").GetString()}:{t.GetProperty("reused").GetBoolean()}").ToList();

    private async Task<JsonNode> ShowAsync(string runId)
    {
        await using var control = await ControlChannel.OpenAsync(_workspace);
        return await control.CallAsync("run show", runId);
    }
}
