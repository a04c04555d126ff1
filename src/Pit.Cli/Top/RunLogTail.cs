using System.Text;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Pit.Server.Control;

namespace Pit.Cli.Top;

/// <summary>
/// The log pane's feed: <c>run tail &lt;id&gt;</c> of the selected run, kept as its last lines
/// (<c>task | line</c>). Following another run stops the stream of the previous one; a stream that
/// an error reply ended is asked for again on the next follow. Each new line calls the
/// <c>changed</c> callback so the screen redraws.
/// </summary>
public sealed partial class RunLogTail : IAsyncDisposable
{
    public const int KeptLines = 500;

    private readonly Lock _gate = new();
    private readonly Queue<string> _lines = new();
    private readonly Action _changed;
    private CancellationTokenSource? _following;
    private Task _stream = Task.CompletedTask;
    private string? _runId;
    private ControlClient? _client;
    private volatile bool _failed;

    public RunLogTail(Action changed) => _changed = changed;

    public TopLog Current
    {
        get
        {
            lock (_gate) return new TopLog(_runId, _lines.ToList());
        }
    }

    /// <summary>Follows <paramref name="runId"/> on <paramref name="client"/>; nothing changes when it already does.</summary>
    public async Task FollowAsync(ControlClient client, string? runId)
    {
        if (runId == _runId && ReferenceEquals(client, _client) && !_failed) return;
        await StopAsync();
        lock (_gate)
        {
            _runId = runId;
            _client = client;
            _lines.Clear();
        }
        if (runId is null) return;
        _failed = false;
        _following = new CancellationTokenSource();
        var token = _following.Token;
        _stream = Task.Run(() => ReadAsync(client, runId, token), CancellationToken.None);
        _changed();
    }

    public async Task StopAsync()
    {
        if (_following is null) return;
        await _following.CancelAsync();
        try
        {
            // The service ends a cancelled stream at once; one that does not answer is left behind.
            await _stream.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
        }
        _following.Dispose();
        _following = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ReadAsync(ControlClient client, string runId, CancellationToken cancel)
    {
        try
        {
            await foreach (var data in client.StreamAsync("run tail", ControlClient.Argv([runId]), cancel))
            {
                if (cancel.IsCancellationRequested) return;
                Add(Line(data));
            }
        }
        catch (ControlErrorException ex)
        {
            _failed = true;
            Add($"(run tail: {ex.Message})");
        }
        catch (ControlUnreachableException)
        {
            // The screen sees the connection go and says so; it follows again on the next one.
        }
    }

    /// <summary><c>task | line</c>; the run's end as <c>— run ended: state —</c>. Only printable text: a task's own colours and control characters would upset the screen.</summary>
    public static string Line(JsonNode? data) => Printable(data switch
    {
        JsonObject end when TopJson.Flag(end, "end") => $"— run ended: {TopJson.String(end, "state") ?? "?"} —",
        JsonObject line when TopJson.String(line, "line") is { } text => $"{TopJson.String(line, "task") ?? "?"} | {text}",
        _ => Control.ControlPrinter.OneLine(data),
    });

    /// <summary>The text without terminal escape sequences, a tab as four spaces, any other control character as a space.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var plain = new StringBuilder(text.Length);
        foreach (var c in EscapeSequence().Replace(text, ""))
        {
            if (c == '\t') plain.Append("    ");
            else plain.Append(char.IsControl(c) ? ' ' : c);
        }
        return plain.ToString();
    }

    [GeneratedRegex(@"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")]
    private static partial Regex EscapeSequence();

    private void Add(string line)
    {
        lock (_gate)
        {
            _lines.Enqueue(line);
            while (_lines.Count > KeptLines) _lines.Dequeue();
        }
        _changed();
    }
}
