using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pit.Engine.Runners;

/// <summary>
/// The task log of an attempt that runs inside Pit (sql, load, save): each line is appended and
/// flushed at once, masked by the run's redactor, and handed to live viewers.
/// </summary>
internal sealed class InProcessAttemptLog : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly TaskLaunch _launch;
    private readonly Action<TaskLogLine>? _live;

    private InProcessAttemptLog(FileStream file, TaskLaunch launch, Action<TaskLogLine>? live)
    {
        _file = file;
        _launch = launch;
        _live = live;
    }

    public static bool TryOpen(TaskLaunch launch, Action<TaskLogLine>? live, [NotNullWhen(true)] out InProcessAttemptLog? log, [NotNullWhen(false)] out string? error)
    {
        log = AttemptLog.TryOpen(launch, out var file, out error) ? new InProcessAttemptLog(file, launch, live) : null;
        return log is not null;
    }

    /// <summary>Appends one line (several if it holds newlines).</summary>
    public async Task WriteAsync(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = _launch.Redactor is { } redactor ? redactor.Redact(raw.TrimEnd('\r')) : raw.TrimEnd('\r');
            await _file.WriteAsync(Encoding.UTF8.GetBytes(line + "\n")).ConfigureAwait(false);
            _live?.Invoke(new TaskLogLine(_launch.RunId, _launch.Task.Name, _launch.Attempt, line));
        }
    }

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
