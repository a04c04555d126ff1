using System.Buffers;
using System.Text;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Pit.Engine.Streams;

/// <summary>
/// Bytes → lines: splits on '\n' and drops a '\r' before it; a line longer than
/// <see cref="MaxLineBytes"/> without a newline comes out in pieces of at most that many bytes (cut
/// between UTF-8 characters), so memory stays bounded whatever a task prints. Bytes are decoded as
/// UTF-8; invalid sequences become U+FFFD. A last line without a newline is emitted at the end.
/// </summary>
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
        private readonly byte[] _pending;
        private readonly Queue<string> _ready = new();
        private readonly int _capacity;
        private int _length;

        public Logic(LineFraming stage) : base(stage.Shape)
        {
            _stage = stage;
            // Pooled (and given back in PostStop): one stage per task attempt.
            _pending = ArrayPool<byte>.Shared.Rent(stage.MaxLineBytes);
            _capacity = stage.MaxLineBytes;
            SetHandlers(stage.In, stage.Out, this);
        }

        public override void PostStop() => ArrayPool<byte>.Shared.Return(_pending);

        public override void OnPush()
        {
            Split(Grab(_stage.In).ToReadOnlySpan());
            Deliver();
        }

        public override void OnPull() => Deliver();

        public override void OnUpstreamFinish()
        {
            if (_length > 0) EmitLine();
            Deliver();
        }

        private void Deliver()
        {
            if (_ready.Count > 0 && IsAvailable(_stage.Out)) Push(_stage.Out, _ready.Dequeue());
            if (_ready.Count > 0) return;
            if (IsClosed(_stage.In)) CompleteStage();
            else if (IsAvailable(_stage.Out) && !HasBeenPulled(_stage.In)) Pull(_stage.In);
        }

        private void Split(ReadOnlySpan<byte> data)
        {
            while (!data.IsEmpty)
            {
                var newline = data.IndexOf((byte)'\n');
                Append(newline < 0 ? data : data[..newline]);
                if (newline < 0) return;
                EmitLine();
                data = data[(newline + 1)..];
            }
        }

        /// <summary>Adds bytes of the current line; a full buffer is cut off as a piece only once more bytes come.</summary>
        private void Append(ReadOnlySpan<byte> part)
        {
            while (!part.IsEmpty)
            {
                if (_length == _capacity) EmitPiece();
                var n = Math.Min(_capacity - _length, part.Length);
                part[..n].CopyTo(_pending.AsSpan(_length));
                _length += n;
                part = part[n..];
            }
        }

        private void EmitLine()
        {
            var end = _length > 0 && _pending[_length - 1] == '\r' ? _length - 1 : _length;
            _ready.Enqueue(Encoding.UTF8.GetString(_pending, 0, end));
            _length = 0;
        }

        private void EmitPiece()
        {
            var cut = CharacterBoundary(_pending.AsSpan(0, _length));
            _ready.Enqueue(Encoding.UTF8.GetString(_pending, 0, cut));
            _pending.AsSpan(cut, _length - cut).CopyTo(_pending);
            _length -= cut;
        }
    }

    /// <summary>Where to cut <paramref name="bytes"/> so that a UTF-8 character started in its last three bytes is not split.</summary>
    internal static int CharacterBoundary(ReadOnlySpan<byte> bytes)
    {
        var start = bytes.Length - 1;
        while (start > 0 && start > bytes.Length - 4 && (bytes[start] & 0xC0) == 0x80) start--;
        var lead = bytes[start];
        var size = lead switch
        {
            < 0x80 => 1,
            _ when (lead & 0xE0) == 0xC0 => 2,
            _ when (lead & 0xF0) == 0xE0 => 3,
            _ when (lead & 0xF8) == 0xF0 => 4,
            _ => 1,
        };
        return start > 0 && start + size > bytes.Length ? start : bytes.Length;
    }
}
