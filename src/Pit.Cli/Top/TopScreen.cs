using System.Threading.Channels;
using Pit.Server.Control;

namespace Pit.Cli.Top;

/// <summary>
/// The live view: refreshes from the service every interval, redraws on a key or a log line, and
/// performs what the keys ask (trigger, pause/resume, cancel). A lost connection is shown on the
/// status line and retried each interval; after <c>giveUp</c> without an answer the view ends
/// with <see cref="ExitCodes.NoService"/> and <see cref="Problem"/> says why.
/// </summary>
public sealed class TopScreen(
    Func<CancellationToken, Task<(ControlClient? Client, string? Problem)>> connect,
    string address,
    TimeSpan interval,
    TimeSpan giveUp,
    TopRenderer renderer,
    bool colour)
{
    /// <summary>A chatty task redraws the screen at most about ten times a second.</summary>
    private static readonly TimeSpan LogRedrawPause = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a refresh or a key's command may wait for the service before the connection counts as lost.</summary>
    public static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(5);

    private readonly Channel<ConsoleKeyInfo?> _wake = Channel.CreateUnbounded<ConsoleKeyInfo?>();
    private int _logChanged;
    private ControlClient? _client;
    private TopView _view = TopView.Start;
    private TopSnapshot _snapshot = TopSnapshot.Empty;
    private DateTimeOffset _lastAnswer = DateTimeOffset.UtcNow;

    /// <summary>Why the service is out of reach, when it is.</summary>
    public string? Problem { get; private set; }

    /// <summary>Runs until q or Ctrl-C (exit 0), a signal (130), or the service gone for good (3); owns <paramref name="client"/> from here on.</summary>
    public async Task<int> RunAsync(ControlClient client, TextWriter output, CancellationToken cancel)
    {
        _client = client;
        await using var log = new RunLogTail(LogChanged);
        await using var terminal = new TopTerminal(output, key => _wake.Writer.TryWrite(key));
        try
        {
            while (true)
            {
                await RefreshAsync(log, cancel);
                if (_client is null && DateTimeOffset.UtcNow - _lastAnswer > giveUp) return ExitCodes.NoService;
                Draw(terminal, log);
                var due = DateTimeOffset.UtcNow + interval;
                while (await NextAsync(due, cancel) is { } wake)
                {
                    if (wake.Key is not { } key)
                    {
                        // New log lines: gather what comes in the next moment into one redraw.
                        await Task.Delay(LogRedrawPause, cancel);
                        Interlocked.Exchange(ref _logChanged, 0);
                        Draw(terminal, log);
                        continue;
                    }
                    var before = _view.SelectedRun;
                    var (view, action) = TopKeys.Handle(_view, _snapshot, key);
                    _view = view;
                    if (action is TopAction.Quit) return ExitCodes.Success;
                    if (action is not null) await PerformAsync(action, cancel);
                    if (action is not null || _view.SelectedRun != before) break;
                    Draw(terminal, log);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return 130;
        }
        finally
        {
            await CloseAsync(); // ends the log's stream at once, too
            await log.StopAsync();
        }
    }

    private void LogChanged()
    {
        if (Interlocked.Exchange(ref _logChanged, 1) == 0) _wake.Writer.TryWrite(null);
    }

    /// <summary>The next key (or null for new log lines), or no wake at all once <paramref name="due"/> has come.</summary>
    private async Task<Wake?> NextAsync(DateTimeOffset due, CancellationToken cancel)
    {
        var wait = due - DateTimeOffset.UtcNow;
        if (wait <= TimeSpan.Zero) return null;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timer.CancelAfter(wait);
        try
        {
            return new Wake(await _wake.Reader.ReadAsync(timer.Token));
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task RefreshAsync(RunLogTail log, CancellationToken cancel)
    {
        if (_client is null)
        {
            var (client, problem) = await connect(cancel);
            if (client is null)
            {
                Problem = problem;
                return;
            }
            _client = client;
        }
        try
        {
            var lists = await TopSource.ListsAsync(_client, cancel).WaitAsync(AnswerLimit, cancel);
            _view = _view.Reconcile(lists);
            var detail = _view.SelectedRun is { } runId ? await TopSource.RunAsync(_client, runId, cancel).WaitAsync(AnswerLimit, cancel) : null;
            _snapshot = lists.WithSelected(detail);
            await log.FollowAsync(_client, _view.SelectedRun);
            Answered(null);
        }
        catch (ControlUnreachableException ex)
        {
            await LostAsync(log, ex.Message);
        }
        catch (TimeoutException)
        {
            await LostAsync(log, NoAnswer);
        }
        catch (Exception ex) when (ex is ControlErrorException or FormatException)
        {
            Answered(ex.Message);
        }
    }

    private async Task PerformAsync(TopAction action, CancellationToken cancel)
    {
        if (_client is null || action.Command is not { } command)
        {
            _view = _view.WithStatus("not connected to the service");
            return;
        }
        try
        {
            var result = await _client.CallAsync(command.Cmd, command.Args, cancel).WaitAsync(AnswerLimit, cancel);
            _view = _view.WithStatus(action.Done(result));
            if (action is TopAction.Trigger && TopAction.Trigger.StartedRun(result) is { } started)
                _view = _view.Choose(started);
        }
        catch (ControlErrorException ex)
        {
            _view = _view.WithStatus(action.Failed(ex));
        }
        catch (ControlUnreachableException ex)
        {
            _view = _view.WithStatus("");
            Problem = ex.Message;
        }
        catch (TimeoutException)
        {
            _view = _view.WithStatus($"{command.Cmd}: {NoAnswer}");
        }
    }

    private string NoAnswer => $"the service at {address} did not answer within {TopFormat.Seconds(AnswerLimit.TotalSeconds)}";

    private void Answered(string? problem)
    {
        Problem = problem;
        _lastAnswer = DateTimeOffset.UtcNow;
    }

    private async Task LostAsync(RunLogTail log, string problem)
    {
        Problem = problem;
        await log.StopAsync();
        await CloseAsync();
    }

    private async Task CloseAsync()
    {
        if (_client is null) return;
        try
        {
            await _client.DisposeAsync();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or IOException)
        {
            // Already gone.
        }
        _client = null;
    }

    private void Draw(TopTerminal terminal, RunLogTail log)
    {
        var size = TopTerminal.Size();
        // The retry note first: a long message is cut at the terminal's width, and the note must stay.
        var problem = Problem is { } p && _client is null ? $"retrying every {TopFormat.Seconds(interval.TotalSeconds)}: {p}" : Problem;
        var content = new TopContent(_snapshot, _view, log.Current, address, problem, DateTimeOffset.UtcNow);
        terminal.Draw(TopFrame.Lines(renderer.Render(content, size.Width, size.Height), size.Width, size.Height, ansi: true, colour), size);
    }

    private readonly record struct Wake(ConsoleKeyInfo? Key);
}
