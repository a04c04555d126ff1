using System.Globalization;
using System.Net;
using Pit.Cli.Tests.Support;
using static Pit.Cli.Tests.Support.PtyTop;

namespace Pit.Cli.Tests.Top;

/// <summary>
/// The live view of the built <c>pit top</c> in a 120×40 pseudo-terminal (read as text), against a
/// real <c>pit serve</c> on a temp workspace: what it draws, what its keys do to the service, and how
/// it leaves the terminal. Tasks wait for a file the spec creates, so their runs stay active as long
/// as a spec needs them.
/// </summary>
public sealed class TopScreenSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose()
    {
        _workspace.Write("release", "");
        _workspace.Dispose();
    }

    /// <summary>A bash script: <paramref name="before"/>, then wait until the spec releases the run (or every run).</summary>
    private string Waiting(string before) =>
        $"{before}\nwhile [ ! -e '{_workspace.PathOf("release")}' ] && [ ! -e \"{_workspace.PathOf("release-")}$PIT_RUN_ID\" ]; do sleep 0.05; done\n";

    /// <summary>A DAG whose one task <c>work</c> says <c>&lt;dag&gt; started</c> and waits until the spec releases its run.</summary>
    private void WaitingDag(string name, string dagLines = "") => _workspace.OneTaskDag(name, Waiting($"echo '{name} started'"), dagLines);

    private void Release(string runId) => _workspace.Write($"release-{runId}", "");

    private static string RunIdOf(ApiReply reply)
    {
        Assert.True(reply.Status == HttpStatusCode.Accepted, reply.ToString());
        return reply.Json.GetProperty("run_id").GetString()!;
    }

    private static string StartRun(ServedPit pit, string dag, string task = "work")
    {
        var runId = RunIdOf(pit.Post($"/api/dags/{dag}/trigger"));
        pit.WaitForTaskRunning(runId, task);
        return runId;
    }

    /// <summary>The DAG's next fire as the pseudo-terminal shows it (in UTC: <see cref="PtyTop"/> sets TZ).</summary>
    private static string NextFireOf(ServedPit pit, string dag) =>
        pit.Get($"/api/dags/{dag}").Json.GetProperty("next_fire").GetDateTime().ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The one line of <paramref name="screen"/> that holds <paramref name="text"/>.</summary>
    private static string LineWith(string screen, string text) => Assert.Single(screen.Split('\n'), l => l.Contains(text, StringComparison.Ordinal));

    private static async Task<bool> PausedAsync(ControlChannel control, string dag) =>
        (await control.CallAsync("dag ls")).AsArray().Single(d => ControlChannel.Text(d!["dag"]) == dag)!["paused"]!.GetValue<bool>();

    [Fact]
    public void It_draws_the_dags_with_their_next_fire_the_active_run_with_its_tasks_and_its_log_and_q_quits_restoring_the_terminal()
    {
        _workspace.Write("projects/reports/pit.toml", """
            [dag]
            schedule = "0 0 1 1 *"

            [[tasks]]
            name = "extract"
            script = "tasks/extract.sh"

            [[tasks]]
            name = "publish"
            script = "tasks/publish.sh"
            depends_on = ["extract"]
            """);
        _workspace.Write("projects/reports/tasks/extract.sh", Waiting("echo 'loading batch 1'\necho 'loading batch 2'\necho 'loading batch 3'"));
        _workspace.Write("projects/reports/tasks/publish.sh", "echo published\n");
        WaitingDag("adhoc");
        using var pit = new ServedPit(_workspace);
        var runId = StartRun(pit, "reports", "extract");

        var result = PtyTop.Run(_workspace.Root, [Expect("extract | loading batch 3"), Snapshot(), Send("q"), Exit()], "top");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Restored, result.ToString());
        var screen = result.Snapshots[0];
        Assert.Contains("· 2 DAGs · 1 active · 0 recent failures ·", LineWith(screen, "pit top · "));
        Assert.Matches(@"│ › adhoc +- +- +0 +0 +- +- +│", LineWith(screen, "adhoc"));
        Assert.Matches($@"│   reports +0 0 1 1 \* +{NextFireOf(pit, "reports")} +1 +0 +running +{runId} +│", LineWith(screen, "│   reports "));
        Assert.Matches($@"│ › {runId} +\S+ +░+ 0/2 +│", LineWith(screen, $"│ › {runId}"));
        Assert.Contains("running · ", LineWith(screen, "0/2 tasks done"));
        Assert.Matches(@"│ extract +running +1 +- +│", LineWith(screen, "extract running"));
        Assert.Matches(@"│ publish +pending +0 +- +│", LineWith(screen, "publish "));
        Assert.Contains($"─Log · {runId}─", screen);
        Assert.Contains("│ extract | loading batch 1 ", screen);
        Assert.True(screen.IndexOf("loading batch 1", StringComparison.Ordinal) < screen.IndexOf("loading batch 2", StringComparison.Ordinal)
                    && screen.IndexOf("loading batch 2", StringComparison.Ordinal) < screen.IndexOf("loading batch 3", StringComparison.Ordinal), screen);
    }

    [Fact]
    public async Task T_triggers_the_dag_selected_with_the_arrows_and_its_new_run_is_selected_and_followed()
    {
        WaitingDag("billing");
        WaitingDag("exports");
        using var pit = new ServedPit(_workspace);
        var billing = StartRun(pit, "billing");

        var result = PtyTop.Run(_workspace.Root, [
            Expect("billing started"),
            Send(Down),
            Send("t"),
            Expect("triggered exports: run "),
            Expect("work | exports started"),
            Snapshot(),
            Send("q"),
            Exit()], "top");

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        var triggered = ControlChannel.Text(Assert.Single((await control.CallAsync("run ls", "--dag", "exports")).AsArray())!["run_id"])!;
        Assert.Equal("ctl", ControlChannel.Text((await control.CallAsync("run show", triggered))["trigger"]));
        var screen = result.Snapshots[0];
        Assert.Contains($"triggered exports: run {triggered}", LineWith(screen, "triggered exports"));
        Assert.Contains($"─Log · {triggered}─", screen);
        Assert.DoesNotContain("billing started", screen);
        Assert.Contains($"│ › {triggered} ", screen);
        Assert.Contains($"││ {triggered} ", screen);
        Assert.Equal("running", ControlChannel.Text((await control.CallAsync("run show", billing))["state"]));
    }

    [Fact]
    public async Task Arrows_select_a_dag_p_pauses_it_for_real_and_p_again_resumes_it()
    {
        WaitingDag("billing", "schedule = \"0 0 1 1 *\"");
        WaitingDag("exports", "schedule = \"0 0 1 1 *\"");
        using var pit = new ServedPit(_workspace);
        var nextFire = NextFireOf(pit, "exports");
        var paused = new PtyHold(_workspace, "paused");

        var session = PtyTop.Start(_workspace.Root, [
            Expect("exports"),
            Send(Down),
            Send("p"),
            Expect("paused exports"),
            Snapshot(),
            paused.Step,
            Send("p"),
            Expect("resumed exports"),
            Snapshot(),
            Send("q"),
            Exit()], "top");
        paused.Reached(session);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        var pausedThen = (await PausedAsync(control, "exports"), await PausedAsync(control, "billing"));
        paused.Release();
        var result = await session;

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal((true, false), pausedThen);
        Assert.False(await PausedAsync(control, "exports"));
        Assert.Matches(@"│ › exports +0 0 1 1 \* +paused +0 +0 ", LineWith(result.Snapshots[0], "│ › exports"));
        Assert.Matches($@"│ › exports +0 0 1 1 \* +{nextFire} +0 +0 ", LineWith(result.Snapshots[1], "│ › exports"));
    }

    [Fact]
    public async Task C_asks_before_cancelling_the_selected_run_n_keeps_it_running_and_y_cancels_it()
    {
        WaitingDag("billing");
        using var pit = new ServedPit(_workspace);
        var runId = StartRun(pit, "billing");
        var kept = new PtyHold(_workspace, "kept");

        var session = PtyTop.Start(_workspace.Root, [
            Expect("work | billing started"),
            Send("c"),
            Expect($"cancel run {runId}? (y/n)"),
            Send("n"),
            Expect($"run {runId} not cancelled"),
            kept.Step,
            Send("c"),
            Expect($"cancel run {runId}? (y/n)"),
            Send("y"),
            Expect($"run {runId}: cancelling"),
            Expect("— run ended: cancelled —"),
            Send("q"),
            Exit()], "top");
        kept.Reached(session);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        var afterNo = await control.CallAsync("run show", runId);
        kept.Release();
        var result = await session;

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("running", ControlChannel.Text(afterNo["state"]));
        Assert.Equal("running", ControlChannel.Text(afterNo["tasks"]![0]!["state"]));
        await control.WaitForRunAsync(runId, "cancelled");
    }

    [Fact]
    public async Task Error_replies_to_keys_are_shown_on_the_status_line_and_the_view_goes_on()
    {
        WaitingDag("billing", "overlap = \"skip\"");
        using var pit = new ServedPit(_workspace);
        var runId = StartRun(pit, "billing");
        var asked = new PtyHold(_workspace, "asked");

        // t while the run is active is refused by the overlap policy; the c asked before the run
        // ended is answered y after it ended, and the service refuses to cancel a finished run.
        var session = PtyTop.Start(_workspace.Root, [
            Expect("work | billing started"),
            Send("t"),
            Expect($"dag trigger billing: billing has an active run ({runId}); overlap = skip drops this trigger"),
            Send("c"),
            Expect($"cancel run {runId}? (y/n)"),
            asked.Step,
            Send("y"),
            Expect($"run cancel {runId}: run '{runId}' already finished (success)"),
            Send("q"),
            Exit()], "top");
        asked.Reached(session);
        Release(runId);
        await using var control = await ControlChannel.OpenAsync(_workspace);
        await control.WaitForRunAsync(runId, "success");
        asked.Release();
        var result = await session;

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Single((await control.CallAsync("run ls", "--dag", "billing")).AsArray());
    }

    [Fact]
    public async Task A_service_that_goes_away_is_reported_on_the_status_line_and_after_the_retries_top_exits_3_restoring_the_terminal()
    {
        WaitingDag("billing", "schedule = \"0 0 1 1 *\"");
        using var pit = new ServedPit(_workspace);
        var up = new PtyHold(_workspace, "up");

        var session = PtyTop.Start(_workspace.Root, [Expect("billing"), up.Step, Expect("no pit serve answers at"), Snapshot(), Exit()], "top");
        up.Reached(session);
        pit.Process.KillHard();
        up.Release();
        var result = await session;

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(3, result.ExitCode);
        Assert.True(result.Restored, result.ToString());
        var socket = Path.Combine(_workspace.Root, ".pit", "control.sock");
        Assert.StartsWith($"retrying every 1.0s: no pit serve answers at {socket}: ", result.Snapshots[0].Split('\n')[^1]);
        Assert.Contains($"no pit serve answers at {socket}", result.Stderr);
        Assert.Contains("gave up after 10.0s without an answer", result.Stderr);
    }
}
