using System.Buffers;
using System.Text;
using Akka.Streams;
using Akka.Streams.Stage;
using Pit.Engine.Runners;

namespace Pit.Engine.Streams;

/// <summary>
/// Appends lines to a task log as one stage: each line goes to the live publisher as it arrives,
/// and to the file in batches. A line is written as soon as no write is in progress; lines that
/// arrive during a write are written together by the next one (at most <see cref="MaxBatchChars"/>
/// characters or <see cref="MaxBatchLines"/> lines wait, then upstream is back-pressured). So a quiet
/// task's line reaches the file at once, a chatty one costs one write per batch, and no timer runs.
/// The materialized task completes once every line is written, or fails with the write's error.
/// The stream stays open: its owner closes it.
/// </summary>
public sealed class LogFileSink(Stream log, Action<TaskLogLine>? live, Func<string, TaskLogLine> toLogLine)
    : GraphStageWithMaterializedValue<SinkShape<string>, Task>
{
    public const int MaxBatchChars = 1024 * 1024;
    public const int MaxBatchLines = 10_000;

    public Stream Log { get; } = log;

    /// <summary>Where each line goes as it arrives; null when nobody watches live.</summary>
    public Action<TaskLogLine>? Live { get; } = live;

    public Func<string, TaskLogLine> ToLogLine { get; } = toLogLine;

    public Inlet<string> In { get; } = new("LogFileSink.in");

    public override SinkShape<string> Shape => new(In);

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, written), written.Task);
    }

    private sealed class Logic : InGraphStageLogic
    {
        private readonly LogFileSink _stage;
        private readonly TaskCompletionSource _written;
        private readonly Action<Exception?> _onWritten;
        private List<string> _waiting = [];
        private List<string> _spare = [];
        private long _waitingChars;
        private bool _writing;

        public Logic(LogFileSink stage, TaskCompletionSource written) : base(stage.Shape)
        {
            _stage = stage;
            _written = written;
            _onWritten = GetAsyncCallback<Exception?>(Written);
            SetHandler(stage.In, this);
        }

        public override void PreStart()
        {
            // The last write may still be in progress when upstream finishes: the stage ends itself (Done).
            SetKeepGoing(true);
            Pull(_stage.In);
        }

        public override void OnPush()
        {
            var line = Grab(_stage.In);
            _stage.Live?.Invoke(_stage.ToLogLine(line));
            _waiting.Add(line);
            _waitingChars += line.Length + 1;
            if (!_writing) Write();
            if (!Full) Pull(_stage.In);
        }

        public override void OnUpstreamFinish()
        {
            if (!_writing && _waiting.Count == 0) Done();
        }

        public override void OnUpstreamFailure(Exception e)
        {
            _written.TrySetException(e);
            FailStage(e);
        }

        public override void PostStop() =>
            _written.TrySetException(new AbruptStageTerminationException(this));

        private bool Full => _waiting.Count >= MaxBatchLines || _waitingChars >= MaxBatchChars;

        private void Write()
        {
            var batch = _waiting;
            (_waiting, _spare) = (_spare, batch);
            _waitingChars = 0;
            _writing = true;
            WriteAsync(_stage.Log, batch).ContinueWith(
                task => _onWritten(task.Exception?.GetBaseException()),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private void Written(Exception? failure)
        {
            _writing = false;
            _spare.Clear();
            if (failure is not null)
            {
                _written.TrySetException(failure);
                FailStage(failure);
                return;
            }
            if (_waiting.Count > 0) Write();
            else if (IsClosed(_stage.In))
            {
                Done();
                return;
            }
            if (!IsClosed(_stage.In) && !HasBeenPulled(_stage.In) && !Full) Pull(_stage.In);
        }

        private void Done()
        {
            _written.TrySetResult();
            CompleteStage();
        }

        private static async Task WriteAsync(Stream log, List<string> lines)
        {
            var size = 0;
            foreach (var line in lines) size += Encoding.UTF8.GetByteCount(line) + 1;
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                var at = 0;
                foreach (var line in lines)
                {
                    at += Encoding.UTF8.GetBytes(line, 0, line.Length, buffer, at);
                    buffer[at++] = (byte)'\n';
                }
                await log.WriteAsync(buffer.AsMemory(0, at)).ConfigureAwait(false);
                await log.FlushAsync().ConfigureAwait(false);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
