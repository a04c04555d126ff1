using System.Text.Json.Nodes;
using Pit.Cli.Tests.Support;
using static Pit.Cli.Tests.Support.PtyTop;

namespace Pit.Cli.Tests.Top;

/// <summary>
/// The live view of the built <c>pit top</c> in a 120×40 pseudo-terminal, against a control channel
/// that answers with canned replies in the contract's shapes: what it draws, what its keys send, and
/// how it leaves the terminal.
/// </summary>
public sealed class TopScreenSpecs : IAsyncLifetime
{
    private const string Triggered = "20250314_093500.000_claims_pipeline";

    private readonly TempWorkspace _workspace = new();
    private CannedControlService _service = null!;

    public Task InitializeAsync()
    {
        _service = new CannedControlService(Path.Combine(Path.GetTempPath(), $"pit-top-{Guid.NewGuid():N}"[..20] + ".sock"));
        _service.Answer("dag ls", _ => TopReplies.DagLs());
        _service.Answer("run ls", argv => argv.Contains("--state") ? TopReplies.Running() : TopReplies.Recent());
        _service.Answer("run show", argv => argv[0] == TopReplies.ActiveRun ? TopReplies.RunShow()
            : throw new CannedError("not_found", $"no run '{argv[0]}'"));
        _service.Answer("dag trigger", argv => new JsonObject { ["run_id"] = Triggered, ["dag"] = argv[0] });
        _service.Answer("dag pause", argv => new JsonObject { ["dag"] = argv[0], ["paused"] = true, ["changed"] = true });
        _service.Answer("run cancel", argv => new JsonObject { ["run_id"] = argv[0], ["state"] = "cancelling" });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _workspace.Dispose();
    }

    private PtyResult Top(params string[][] steps) => PtyTop.Run(_workspace.Root, steps, "top", "--address", _service.SocketPath);

    [Fact]
    public void It_draws_the_dags_the_active_run_with_its_tasks_and_the_selected_runs_log_then_q_quits_and_restores_the_terminal()
    {
        _service.Tail.Writer.TryWrite(JsonNode.Parse("""{"task":"load_claims","line":"loading batch 3"}""")!);

        var result = Top(
            Expect("claims_pipeline"),
            Expect("2025-03-14 10:00:00"),
            Expect("load_claims"),
            Expect("load_claims | loading batch 3"),
            Send("q"),
            Exit());

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.True(result.Restored, result.ToString());
        Assert.Contains($"run tail {TopReplies.ActiveRun}", _service.Requests);
        Assert.Contains($"run show {TopReplies.ActiveRun}", _service.Requests);
    }

    [Fact]
    public void T_triggers_the_selected_dag_and_selects_the_new_run_and_p_pauses_the_dag_selected_with_the_arrows()
    {
        var result = Top(
            Expect("claims_pipeline"),
            Send("t"),
            Expect($"triggered claims_pipeline: run {Triggered}"),
            Expect($"Log · {Triggered}"),
            Expect("(the service does not know this run)"),
            Send(Tab), Send(Down), Send("p"),
            Expect("paused claims_pipeline"),
            Send(CtrlC),
            Exit());

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dag trigger claims_pipeline", _service.Requests);
        Assert.Contains("dag pause claims_pipeline", _service.Requests);
    }

    [Fact]
    public void Arrows_move_the_dag_selection_and_p_resumes_a_paused_dag()
    {
        _service.Answer("dag resume", argv => new JsonObject { ["dag"] = argv[0], ["paused"] = false, ["changed"] = true });

        var result = Top(Expect("nightly_export"), Send(Down), Send("p"), Expect("resumed nightly_export"), Send("q"), Exit());

        Assert.True(result.Ok, result.ToString());
        Assert.Contains("dag resume nightly_export", _service.Requests);
    }

    [Fact]
    public void C_asks_before_cancelling_the_selected_run_and_n_keeps_it()
    {
        var result = Top(
            Expect("load_claims"),
            Send("c"),
            Expect($"cancel run {TopReplies.ActiveRun}? (y/n)"),
            Send("n"),
            Expect($"run {TopReplies.ActiveRun} not cancelled"),
            Send("c"),
            Expect("(y/n)"),
            Send("y"),
            Expect($"run {TopReplies.ActiveRun}: cancelling"),
            Send("q"),
            Exit());

        Assert.True(result.Ok, result.ToString());
        Assert.Single(_service.Requests, r => r == $"run cancel {TopReplies.ActiveRun}");
    }

    [Fact]
    public void An_error_reply_to_a_key_is_shown_on_the_status_line_and_the_view_goes_on()
    {
        _service.Answer("dag trigger", argv => throw new CannedError("overlap", $"{argv[0]} already has an active run and its overlap policy is skip"));

        var result = Top(
            Expect("claims_pipeline"),
            Send("t"),
            Expect("dag trigger claims_pipeline: claims_pipeline already has an active run"),
            Send("q"),
            Exit());

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_service_that_goes_away_is_reported_on_the_status_line_and_after_the_retries_top_exits_3()
    {
        var gone = Task.Run(() => Top(Expect("claims_pipeline"), Expect("retrying"), Exit()));
        Poll.Until(() => _service.Requests.Contains("dag ls"), "pit top to ask for the DAGs");
        await _service.DisposeAsync();

        var result = await gone;

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(3, result.ExitCode);
        Assert.True(result.Restored, result.ToString());
        Assert.Contains("no pit serve answers at", result.Stderr);
        Assert.Contains("gave up after 10.0s without an answer", result.Stderr);
    }
}
