using Akka.Actor;
using Pit.Core.Workspace;
using Pit.Engine.Hosting;
using Pit.Engine.Persistence;
using Pit.Engine.Protocol;

namespace Pit.Engine.Tests.Hosting;

/// <summary>
/// The whole engine on a real workspace (SQLite journal, bash tasks): a DagRun that stops before its
/// run ended (as a persistent actor does when its journal refuses or times out a write) is resumed
/// from its journal, so the run does not stay recorded as running for ever.
/// </summary>
public sealed class PitEngineResumeSpecs : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pit-resume-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public async Task A_run_whose_actor_stops_before_the_end_is_resumed_and_finishes()
    {
        Write("pit_config.toml", "kill_grace = \"1s\"\n");
        Write("projects/slow/wait.sh", $"while [ ! -e '{Path.Combine(_root, "go")}' ]; do sleep 0.05; done\n");
        Write("projects/slow/after.sh", "echo after\n");
        Write("projects/slow/pit.toml", "[dag]\nname = \"slow\"\n\n[[tasks]]\nname = \"wait\"\nscript = \"wait.sh\"\n\n[[tasks]]\nname = \"after\"\nscript = \"after.sh\"\ndepends_on = [\"wait\"]\n");
        var workspace = WorkspaceLoader.Load(_root);
        await using var engine = await PitEngine.StartServiceAsync(workspace);
        using var tap = new EventTap(engine.System);
        var trigger = new SchedulerCommands.TriggerRun("slow", null, "manual", new Dictionary<string, string>());
        var runId = Assert.IsType<SchedulerCommands.TriggerAccepted>(await engine.Actors!.Scheduler.Ask<object>(trigger, TimeSpan.FromSeconds(30))).RunId;
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await tap.Events.ReadAsync(deadline.Token) is not RunEvents.TaskStarted { Task: "wait" })
        {
        }

        // The run's actor stops, as after a failed journal write, while its first task runs.
        engine.System.ActorSelection($"/user/pit/runs/{runId}").Tell(PoisonPill.Instance);
        File.WriteAllText(Path.Combine(_root, "go"), "");

        RunEvents.RunFinished? finished = null;
        while (finished is null)
            if (await tap.Events.ReadAsync(deadline.Token) is RunEvents.RunFinished end && end.RunId == runId) finished = end;
        var recorded = await new RunHistoryReader(engine.System).GetAsync(runId, deadline.Token);
        Assert.NotNull(recorded);
        Assert.NotEqual(RunStatus.Running, recorded.Status);
        Assert.Equal(finished.Status, recorded.Status);
    }
}
