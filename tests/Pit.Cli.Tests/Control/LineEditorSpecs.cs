using System.Text.Json.Nodes;
using Pit.Cli.Control;
using Pit.Engine.Control;
using Pit.Server.Control;

namespace Pit.Cli.Tests.Control;

/// <summary>The line editor fed keys as the console reports them, drawing into a string.</summary>
public sealed class LineEditorSpecs
{
    private const string Prompt = "pit> ";

    private static readonly ConsoleKeyInfo Tab = new('\t', ConsoleKey.Tab, false, false, false);
    private static readonly ConsoleKeyInfo Enter = new('\r', ConsoleKey.Enter, false, false, false);
    private static readonly ConsoleKeyInfo Up = new('\0', ConsoleKey.UpArrow, false, false, false);
    private static readonly ConsoleKeyInfo Down = new('\0', ConsoleKey.DownArrow, false, false, false);
    private static readonly ConsoleKeyInfo Left = new('\0', ConsoleKey.LeftArrow, false, false, false);
    private static readonly ConsoleKeyInfo End = new('\0', ConsoleKey.End, false, false, false);
    private static readonly ConsoleKeyInfo Delete = new('\0', ConsoleKey.Delete, false, false, false);
    private static readonly ConsoleKeyInfo Erase = new('\u007f', 0, false, false, false);
    private static readonly ConsoleKeyInfo CtrlC = new('\u0003', ConsoleKey.C, false, false, true);
    private static readonly ConsoleKeyInfo CtrlD = new('\u0004', ConsoleKey.D, false, false, true);

    private static readonly Completion Completion = Completion.From(ControlHelp.Describe(Palettes(), palette: null));

    private readonly StringWriter _screen = new();
    private readonly Queue<ConsoleKeyInfo> _keys = new();
    private readonly List<string> _completedFor = [];

    private static ControlPalettes Palettes()
    {
        ControlHandler none = _ => Task.FromResult<JsonNode?>(null);
        var palettes = new ControlPalettes();
        palettes.Register(new ControlPalette("system", "the process", [new("uptime", "uptime", none), new("gc", "gc", none)]));
        palettes.Register(new ControlPalette("scheduler", "the scheduler", [new("show", "timers", none)]));
        palettes.Register(new ControlPalette("dag", "DAGs", [new("pause", "pause", none, [new ControlArg("dag", "DAG", Values: ControlValues.Dags)])]));
        return palettes;
    }

    private LineEditor Editor(CtlHistory? history = null) => new(_screen, () => _keys.Dequeue(), () => 80, history ?? CtlHistory.InMemory(), CompleteAsync);

    private Task<CompletionMatches> CompleteAsync(string beforeCursor)
    {
        _completedFor.Add(beforeCursor);
        var query = Completion.Query(beforeCursor);
        var values = query.ValuesKind == ControlValues.Dags ? ["etl", "exports"] : Array.Empty<string>();
        return Task.FromResult(new CompletionMatches(query.Start, query.Prefix, query.Matches(values)));
    }

    private void Type(params object[] keys)
    {
        foreach (var key in keys)
        {
            if (key is ConsoleKeyInfo info) _keys.Enqueue(info);
            else foreach (var ch in (string)key) _keys.Enqueue(new ConsoleKeyInfo(ch, 0, false, false, false));
        }
    }

    [Fact]
    public async Task Tab_completes_a_palette_then_a_command_and_Enter_returns_the_line()
    {
        Type("sys", Tab, "up", Tab, Enter);

        Assert.Equal("system uptime ", await Editor().ReadLineAsync(Prompt));
        Assert.Equal(["sys", "system up"], _completedFor);
        Assert.Contains("\r" + Prompt + "system uptime \u001b[K", _screen.ToString());
    }

    [Fact]
    public async Task Tab_completes_values_of_an_argument()
    {
        Type("dag pause et", Tab, Enter);

        Assert.Equal("dag pause etl ", await Editor().ReadLineAsync(Prompt));
    }

    [Fact]
    public async Task A_second_Tab_lists_the_matches_under_the_line_and_draws_the_prompt_again()
    {
        Type("s", Tab, Tab, Enter);

        Assert.Equal("s", await Editor().ReadLineAsync(Prompt));
        var screen = _screen.ToString();
        var list = screen.IndexOf("scheduler  system\r\n", StringComparison.Ordinal);
        Assert.True(list > 0, screen);
        Assert.Contains("\r" + Prompt + "s\u001b[K", screen[list..]);
    }

    [Fact]
    public async Task Editing_keys_move_the_cursor_and_remove_characters()
    {
        Type("sytemm", Erase, Left, Left, Left, "s", End, "x", Left, Delete, Enter);

        Assert.Equal("system", await Editor().ReadLineAsync(Prompt));
    }

    [Fact]
    public async Task Up_and_Down_walk_the_history_and_Enter_records_the_line()
    {
        var history = CtlHistory.InMemory(["system gc", "system uptime"]);
        Type("sch", Up, Up, Down, Down, Enter, Up, Enter);
        var editor = Editor(history);

        Assert.Equal("sch", await editor.ReadLineAsync(Prompt));
        Assert.Equal("sch", await editor.ReadLineAsync(Prompt));
        Assert.Equal(["system gc", "system uptime", "sch"], history.Lines);
    }

    [Fact]
    public async Task Ctrl_C_drops_the_line_and_the_prompt_goes_on()
    {
        Type("system g", CtrlC, "scheduler show", Enter);

        Assert.Equal("scheduler show", await Editor().ReadLineAsync(Prompt));
        Assert.Contains("system g\u001b[K^C\r\n", _screen.ToString());
    }

    [Fact]
    public async Task Ctrl_D_ends_the_input_on_an_empty_line_and_deletes_otherwise()
    {
        Type("ab", Left, CtrlD, Enter, CtrlD);
        var editor = Editor();

        Assert.Equal("a", await editor.ReadLineAsync(Prompt));
        Assert.Null(await editor.ReadLineAsync(Prompt));
    }

    [Fact]
    public async Task A_line_wider_than_the_terminal_scrolls_sideways()
    {
        var editor = new LineEditor(_screen, () => _keys.Dequeue(), () => 20, CtlHistory.InMemory(), CompleteAsync);
        Type("run show 20250101-etl-0001", Enter);

        Assert.Equal("run show 20250101-etl-0001", await editor.ReadLineAsync(Prompt));
        Assert.Contains("\r" + Prompt + "0101-etl-0001\u001b[K", _screen.ToString());
    }
}
