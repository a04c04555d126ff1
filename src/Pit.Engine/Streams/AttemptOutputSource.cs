using System.Buffers;
using System.Threading.Channels;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Pit.Engine.Streams;

/// <summary>
/// The lines of one task attempt, as one stage: a header, then the lines of its stdout and stderr
/// (framed by <see cref="LineSplitter"/>) and Pit's own notes as they come, then a footer once both
/// pipes have closed, the notes are complete and <see cref="Footer"/> is ready. One stage instead
/// of a graph of sources, merges and concatenations: building and materializing that graph cost
/// more than starting the task.
/// </summary>
/// <remarks>
/// Each pipe is read asynchronously (a <see cref="System.IO.Pipes.PipeStream"/>: epoll, no thread
/// waits on it) into a pooled buffer, and reading pauses while <see cref="HighWater"/> lines or <see cref="HighWaterChars"/> characters wait
/// downstream. A pipe closes at end of file, or when <see cref="Stop"/> is cancelled (a pipe held
/// open by a stray grandchild is let go that way); then it is disposed and its close action runs.
/// </remarks>
public sealed class AttemptOutputSource : GraphStage<SourceShape<string>>
{
    public const int ChunkSize = 64 * 1024;

    /// <summary>Lines waiting downstream above which the pipes are not read.</summary>
    public const int HighWater = 256;

    /// <summary>Characters waiting downstream above which the pipes are not read (long lines come in 64 KiB pieces).</summary>
    public const int HighWaterChars = 256 * 1024;

    public AttemptOutputSource(string header, IReadOnlyList<OutputPipe> pipes, ChannelReader<string> notes, Task footerReady, Func<string> footer, CancellationToken stop)
    {
        Header = header;
        Pipes = pipes;
        Notes = notes;
        FooterReady = footerReady;
        Footer = footer;
        Stop = stop;
        Shape = new SourceShape<string>(Out);
    }

    /// <summary>
    /// A pipe to read: its stream, what to do with each of its lines before it goes out (may be
    /// null), what to do once it is closed, and how to rewrite each line on its way out (redaction; may be null).
    /// </summary>
    public sealed record OutputPipe(Stream Stream, Action<string>? OnLine, Action? OnClosed, Func<string, string>? Rewrite = null);

    public string Header { get; }

    public IReadOnlyList<OutputPipe> Pipes { get; }

    public ChannelReader<string> Notes { get; }

    public Task FooterReady { get; }

    /// <summary>The last line, read once everything else has gone out.</summary>
    public Func<string> Footer { get; }

    public CancellationToken Stop { get; }

    public Outlet<string> Out { get; } = new("AttemptOutput.out");

    public override SourceShape<string> Shape { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Reader(OutputPipe pipe)
    {
        public OutputPipe Pipe { get; } = pipe;
        public LineSplitter Splitter { get; } = new(LineFraming.DefaultMaxLineBytes);
        public byte[] Buffer { get; } = ArrayPool<byte>.Shared.Rent(ChunkSize);
        public bool Reading { get; set; }
        public bool Closed { get; set; }
    }

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly AttemptOutputSource _stage;
        private readonly Queue<string> _ready = new();
        private readonly Action<string> _enqueue;
        private long _readyChars;
        private readonly Reader[] _readers;
        private readonly Action<(int Pipe, int Read)> _onRead;
        private readonly Action<bool> _onNotes;
        private readonly Action _onFooter;
        private bool _notesDone;
        private bool _notesWaiting;
        private bool _footerWaiting;
        private bool _ending;

        public Logic(AttemptOutputSource stage) : base(stage.Shape)
        {
            _stage = stage;
            _readers = [.. stage.Pipes.Select(pipe => new Reader(pipe))];
            _onRead = GetAsyncCallback<(int Pipe, int Read)>(Read);
            _onNotes = GetAsyncCallback<bool>(NotesReady);
            _onFooter = GetAsyncCallback(FooterReady);
            _enqueue = Enqueue;
            SetHandler(stage.Out, this);
        }

        public override void PreStart()
        {
            Enqueue(_stage.Header);
            for (var i = 0; i < _readers.Length; i++) StartRead(i);
            TakeNotes();
        }

        public override void OnPull() => Deliver();

        public override void PostStop()
        {
            foreach (var reader in _readers)
            {
                reader.Splitter.Dispose();
                if (reader.Closed) continue;
                // A read may still be pending: its buffer is left to the garbage collector, not the pool.
                Close(reader, returnBuffer: !reader.Reading);
            }
        }

        private void StartRead(int index)
        {
            var reader = _readers[index];
            if (reader.Closed || reader.Reading || Full) return;
            reader.Reading = true;
            ValueTask<int> read;
            try
            {
                read = reader.Pipe.Stream.ReadAsync(reader.Buffer.AsMemory(0, ChunkSize), _stage.Stop);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or IOException)
            {
                read = ValueTask.FromResult(0);
            }
            if (read.IsCompletedSuccessfully)
            {
                Read((index, read.Result));
                return;
            }
            read.AsTask().ContinueWith(
                task => _onRead((index, task.IsCompletedSuccessfully ? task.Result : 0)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary>A read ended: <paramref name="read.Read"/> bytes, 0 at end of file, on cancellation or on an error.</summary>
        private void Read((int Pipe, int Read) read)
        {
            var reader = _readers[read.Pipe];
            reader.Reading = false;
            var observe = reader.Pipe.OnLine;
            var rewrite = reader.Pipe.Rewrite;
            var emit = observe is null && rewrite is null
                ? _enqueue
                : line =>
                {
                    observe?.Invoke(line);
                    Enqueue(rewrite is null ? line : rewrite(line));
                };
            if (read.Read == 0)
            {
                reader.Splitter.Flush(emit);
                Close(reader, returnBuffer: true);
            }
            else
            {
                reader.Splitter.Split(reader.Buffer.AsSpan(0, read.Read), emit);
                StartRead(read.Pipe);
            }
            Deliver();
        }

        private static void Close(Reader reader, bool returnBuffer)
        {
            reader.Closed = true;
            reader.Pipe.Stream.Dispose();
            if (returnBuffer) ArrayPool<byte>.Shared.Return(reader.Buffer);
            reader.Pipe.OnClosed?.Invoke();
        }

        private void TakeNotes()
        {
            while (_stage.Notes.TryRead(out var note)) Enqueue(note);
            if (_stage.Notes.Completion.IsCompleted)
            {
                _notesDone = true;
                return;
            }
            if (_notesWaiting) return;
            _notesWaiting = true;
            _stage.Notes.WaitToReadAsync().AsTask().ContinueWith(
                task => _onNotes(task.IsCompletedSuccessfully && task.Result),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        private void NotesReady(bool more)
        {
            _notesWaiting = false;
            if (more) TakeNotes();
            else _notesDone = true;
            Deliver();
        }

        private void FooterReady()
        {
            _footerWaiting = false;
            Enqueue(_stage.Footer());
            _ending = true;
            Deliver();
        }

        private bool Full => _ready.Count >= HighWater || _readyChars >= HighWaterChars;

        private void Enqueue(string line)
        {
            _ready.Enqueue(line);
            _readyChars += line.Length;
        }

        private void Deliver()
        {
            if (_ready.Count > 0 && IsAvailable(_stage.Out))
            {
                var line = _ready.Dequeue();
                _readyChars -= line.Length;
                Push(_stage.Out, line);
            }
            if (!Full)
                for (var i = 0; i < _readers.Length; i++) StartRead(i);
            if (_ready.Count > 0) return;
            if (_ending)
            {
                CompleteStage();
                return;
            }
            if (!_notesDone || _footerWaiting || _readers.Any(r => !r.Closed)) return;
            _footerWaiting = true;
            if (_stage.FooterReady.IsCompleted) FooterReady();
            else _stage.FooterReady.ContinueWith(_ => _onFooter(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }
}
