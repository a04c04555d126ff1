using System.Text.Json.Nodes;
using Pit.Server.Control;

namespace Pit.Cli.Top;

/// <summary>
/// What a key asks of the service (or of <c>pit top</c> itself): each is one control command, and
/// says in a line for the status bar what its reply means.
/// </summary>
public abstract record TopAction
{
    private TopAction()
    {
    }

    /// <summary>The control command and its arguments; null for <see cref="Quit"/>.</summary>
    public abstract (string Cmd, JsonObject Args)? Command { get; }

    /// <summary>The status line after the service answered <paramref name="result"/>.</summary>
    public abstract string Done(JsonNode? result);

    /// <summary>The status line after an error reply.</summary>
    public string Failed(ControlErrorException error) =>
        $"{Command?.Cmd} {string.Join(' ', Words)}: {error.Message}";

    protected abstract IReadOnlyList<string> Words { get; }

    /// <summary><c>dag trigger &lt;dag&gt;</c>: a run now (or a place in the DAG's queue).</summary>
    public sealed record Trigger(string Dag) : TopAction
    {
        public override (string Cmd, JsonObject Args)? Command => ("dag trigger", ControlClient.Argv(Words));

        protected override IReadOnlyList<string> Words => [Dag];

        public override string Done(JsonNode? result) =>
            result is JsonObject reply && TopJson.String(reply, "run_id") is { } runId ? $"triggered {Dag}: run {runId}"
            : result is JsonObject queued && queued["queued"] is not null ? $"{Dag} queued (position {TopJson.Int(queued, "queued")})"
            : $"triggered {Dag}";

        /// <summary>The run a trigger started, to select it; null when it was queued.</summary>
        public static string? StartedRun(JsonNode? result) => result is JsonObject reply ? TopJson.String(reply, "run_id") : null;
    }

    /// <summary><c>dag pause &lt;dag&gt;</c>: its schedule stops firing.</summary>
    public sealed record Pause(string Dag) : TopAction
    {
        public override (string Cmd, JsonObject Args)? Command => ("dag pause", ControlClient.Argv(Words));

        protected override IReadOnlyList<string> Words => [Dag];

        public override string Done(JsonNode? result) =>
            result is JsonObject reply && reply["changed"] is not null && !TopJson.Flag(reply, "changed") ? $"{Dag} was already paused" : $"paused {Dag}";
    }

    /// <summary><c>dag resume &lt;dag&gt;</c>: its schedule fires again.</summary>
    public sealed record Resume(string Dag) : TopAction
    {
        public override (string Cmd, JsonObject Args)? Command => ("dag resume", ControlClient.Argv(Words));

        protected override IReadOnlyList<string> Words => [Dag];

        public override string Done(JsonNode? result) =>
            result is JsonObject reply && reply["changed"] is not null && !TopJson.Flag(reply, "changed") ? $"{Dag} was not paused" : $"resumed {Dag}";
    }

    /// <summary><c>run cancel &lt;id&gt;</c>, after a yes.</summary>
    public sealed record Cancel(string RunId) : TopAction
    {
        public override (string Cmd, JsonObject Args)? Command => ("run cancel", ControlClient.Argv(Words));

        protected override IReadOnlyList<string> Words => [RunId];

        public override string Done(JsonNode? result) =>
            $"run {RunId}: {(result is JsonObject reply ? TopJson.String(reply, "state") : null) ?? "cancelling"}";
    }

    /// <summary><c>q</c> or Ctrl-C: leave, restoring the terminal.</summary>
    public sealed record Quit : TopAction
    {
        public override (string Cmd, JsonObject Args)? Command => null;

        protected override IReadOnlyList<string> Words => [];

        public override string Done(JsonNode? result) => "";
    }
}
