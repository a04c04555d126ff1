using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Pit.Engine.Streams;

/// <summary>Bytes → lines as a flow, with the rules of <see cref="LineSplitter"/>; a last line without a newline is emitted at the end.</summary>
public sealed class LineFraming : GraphStage<FlowShape<ByteString, string>>
{
    public const int DefaultMaxLineBytes = 64 * 1024;

    public LineFraming(int maxLineBytes = DefaultMaxLineBytes)
    {
        if (maxLineBytes < 4) throw new ArgumentOutOfRangeException(nameof(maxLineBytes), "at least 4 bytes (one UTF-8 character)");
        MaxLineBytes = maxLineBytes;
        Shape = new FlowShape<ByteString, string>(In, Out);
    }

    public int MaxLineBytes { get; }

    public Inlet<ByteString> In { get; } = new("LineFraming.in");

    public Outlet<string> Out { get; } = new("LineFraming.out");

    public override FlowShape<ByteString, string> Shape { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly LineFraming _stage;
        private readonly LineSplitter _splitter;
        private readonly Queue<string> _ready = new();
        private readonly Action<string> _enqueue;

        public Logic(LineFraming stage) : base(stage.Shape)
        {
            _stage = stage;
            // Its buffer is pooled (and given back in PostStop): one stage per task attempt.
            _splitter = new LineSplitter(stage.MaxLineBytes);
            _enqueue = _ready.Enqueue;
            SetHandlers(stage.In, stage.Out, this);
        }

        public override void PostStop() => _splitter.Dispose();

        public override void OnPush()
        {
            _splitter.Split(Grab(_stage.In).ToReadOnlySpan(), _enqueue);
            Deliver();
        }

        public override void OnPull() => Deliver();

        public override void OnUpstreamFinish()
        {
            _splitter.Flush(_enqueue);
            Deliver();
        }

        private void Deliver()
        {
            if (_ready.Count > 0 && IsAvailable(_stage.Out)) Push(_stage.Out, _ready.Dequeue());
            if (_ready.Count > 0) return;
            if (IsClosed(_stage.In)) CompleteStage();
            else if (IsAvailable(_stage.Out) && !HasBeenPulled(_stage.In)) Pull(_stage.In);
        }
    }
}
