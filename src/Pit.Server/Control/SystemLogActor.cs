using System.Text.Json.Nodes;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Pit.Engine.Control;

namespace Pit.Server.Control;

/// <summary>
/// <c>pit serve</c>'s logger (in place of Akka's default one, see <see cref="Hocon"/>): it prints
/// the system log's entries at or above the log level on stdout, as Akka's logger does, keeps the
/// last <see cref="Capacity"/> entries at info and above whatever the level, and owns the
/// <c>log</c> palette: <c>peek [-n N]</c>, <c>tail</c> (entries as they come; a slow viewer loses
/// the oldest, never slows the system) and <c>level [lvl]</c>.
/// </summary>
public sealed class SystemLogActor : ReceiveActor, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    public const int Capacity = 1000;
    public const int DefaultPeek = 20;

    /// <summary>The service's log settings: this logger, and info entries published so it can keep them.</summary>
    public const string Hocon = """
        akka {
          loggers = ["Pit.Server.Control.SystemLogActor, Pit.Server"]
          loglevel = INFO
        }
        """;

    private static readonly Dictionary<string, LogLevel> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["debug"] = LogLevel.DebugLevel,
        ["info"] = LogLevel.InfoLevel,
        ["warning"] = LogLevel.WarningLevel,
        ["error"] = LogLevel.ErrorLevel,
    };

    private readonly Queue<JsonObject> _entries = new();
    private readonly HashSet<ChannelWriter<JsonObject>> _viewers = [];

    /// <summary>What is printed: warnings and errors until <c>log level</c> says otherwise.</summary>
    private LogLevel _printed = LogLevel.WarningLevel;

    public SystemLogActor()
    {
        Receive<InitializeLogger>(_ => Sender.Tell(new LoggerInitialized()));
        Receive<LogEvent>(Keep);
        Receive<Peek>(peek => Sender.Tell(_entries.Skip(Math.Max(0, _entries.Count - peek.Count)).Select(e => (JsonObject)e.DeepClone()).ToList()));
        Receive<Watch>(watch =>
        {
            _viewers.Add(watch.Viewer);
            Sender.Tell(watch);
        });
        Receive<Unwatch>(unwatch =>
        {
            _viewers.Remove(unwatch.Viewer);
            unwatch.Viewer.TryComplete();
        });
        Receive<GetLevel>(_ => Sender.Tell(new SetLevel(_printed)));
        Receive<SetLevel>(set =>
        {
            _printed = set.Level;
            // Loggers created from now on publish debug entries too (or stop at info); the ones
            // already made keep theirs, and this logger filters what they send.
            Context.System.EventStream.SetLogLevel(set.Level < LogLevel.InfoLevel ? set.Level : LogLevel.InfoLevel);
            Sender.Tell(set);
        });
    }

    /// <summary>The last <paramref name="Count"/> entries; answered with a list of JSON entries.</summary>
    public sealed record Peek(int Count);

    /// <summary>Send each new entry to <paramref name="Viewer"/> until <see cref="Unwatch"/>; answered with itself.</summary>
    public sealed record Watch(ChannelWriter<JsonObject> Viewer);

    public sealed record Unwatch(ChannelWriter<JsonObject> Viewer);

    public sealed record GetLevel;

    /// <summary>Set the level printed (and below info, published); answered with itself.</summary>
    public sealed record SetLevel(LogLevel Level);

    protected override void PreStart()
    {
        var palettes = ControlPalettes.For(Context.System);
        palettes.Register(Palette(Self));
        palettes.RegisterValues(ControlValues.Levels, _ => Task.FromResult<IReadOnlyList<string>>(Levels.Keys.ToList()));
    }

    protected override void PostStop()
    {
        foreach (var viewer in _viewers) viewer.TryComplete();
    }

    private void Keep(LogEvent e)
    {
        if (e.LogLevel() >= _printed) Console.Out.WriteLine(e.ToString());
        // Some events reach the event stream whatever the level: keep what the level lets through, and info.
        if (e.LogLevel() < _printed && e.LogLevel() < LogLevel.InfoLevel) return;
        var entry = new JsonObject
        {
            ["at"] = e.Timestamp.ToUniversalTime().ToString("O"),
            ["level"] = Name(e.LogLevel()),
            ["source"] = e.LogSource,
            ["message"] = e.Cause is null ? e.Message?.ToString() ?? "" : $"{e.Message} ({e.Cause.GetType().Name}: {e.Cause.Message})",
        };
        _entries.Enqueue(entry);
        if (_entries.Count > Capacity) _entries.Dequeue();
        foreach (var viewer in _viewers) viewer.TryWrite((JsonObject)entry.DeepClone());
    }

    private static string Name(LogLevel level) => Levels.First(l => l.Value == level).Key;

    private static ControlPalette Palette(IActorRef log) => new("log", "the service's system log",
    [
        new("peek", $"the last entries (default {DefaultPeek}, at most {Capacity})", async call =>
        {
            var count = call.Args.Int("n", DefaultPeek, 1, Capacity);
            var entries = await log.Ask<List<JsonObject>>(new Peek(count), TimeSpan.FromSeconds(10), call.Cancel);
            return new JsonArray(entries.Select(e => (JsonNode?)e).ToArray());
        }, Options: [new("n", "how many entries", 'n')]),
        new("tail", "each new entry as it is logged, until interrupted", async call =>
        {
            var viewer = Channel.CreateBounded<JsonObject>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest });
            await log.Ask<Watch>(new Watch(viewer.Writer), TimeSpan.FromSeconds(10), call.Cancel);
            try
            {
                await foreach (var entry in viewer.Reader.ReadAllAsync(call.Cancel)) await call.SendAsync(entry);
            }
            finally
            {
                log.Tell(new Unwatch(viewer.Writer));
            }
            return null;
        }, Streams: true),
        new("level", "the level printed on the service's stdout (debug, info, warning, error); without one, the current level", async call =>
        {
            if (call.Args.Get("level") is not { } text)
                return new JsonObject { ["level"] = Name((await log.Ask<SetLevel>(new GetLevel(), TimeSpan.FromSeconds(10), call.Cancel)).Level) };
            if (!Levels.TryGetValue(text, out var level))
                throw ControlException.BadArgs($"log level: unknown level '{text}'; levels: {string.Join(", ", Levels.Keys)}", Levels.Keys.ToList());
            await log.Ask<SetLevel>(new SetLevel(level), TimeSpan.FromSeconds(10), call.Cancel);
            return new JsonObject { ["level"] = Name(level) };
        }, [new("level", "debug, info, warning or error", Required: false, Values: ControlValues.Levels)]),
    ]);
}
