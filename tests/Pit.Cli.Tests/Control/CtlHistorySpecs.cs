using Pit.Cli.Control;

namespace Pit.Cli.Tests.Control;

public sealed class CtlHistorySpecs : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pit-history-" + Guid.NewGuid().ToString("N")[..12]);

    private string FilePath => Path.Combine(_folder, ".pit", CtlHistory.FileName);

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Up_walks_back_from_the_newest_line_and_Down_returns_to_the_line_being_typed()
    {
        var history = CtlHistory.InMemory(["system version", "system uptime"]);

        Assert.Equal("system uptime", history.Previous("sys"));
        Assert.Equal("system version", history.Previous("ignored"));
        Assert.Null(history.Previous("ignored"));
        Assert.Equal("system uptime", history.Next());
        Assert.Equal("sys", history.Next());
        Assert.Null(history.Next());
    }

    [Fact]
    public void Adding_skips_blank_lines_and_repeats_trims_and_starts_the_next_walk_at_the_newest()
    {
        var history = CtlHistory.InMemory();
        history.Add("system uptime ");
        history.Add("   ");
        history.Add("system uptime");
        Assert.Equal(["system uptime"], history.Lines);

        history.Add("system gc");
        history.Previous("");
        history.Previous("");
        history.Add("system version");
        Assert.Equal("system version", history.Previous(""));
    }

    [Fact]
    public void Reset_forgets_the_walk()
    {
        var history = CtlHistory.InMemory(["a", "b"]);
        history.Previous("");
        history.Previous("");
        history.Reset();
        Assert.Equal("b", history.Previous(""));
    }

    [Fact]
    public void Keeps_the_last_500_lines()
    {
        var history = CtlHistory.InMemory(Enumerable.Range(0, 600).Select(i => $"line {i}"));
        Assert.Equal(CtlHistory.Limit, history.Lines.Count);
        Assert.Equal("line 100", history.Lines[0]);

        history.Add("one more");
        Assert.Equal(CtlHistory.Limit, history.Lines.Count);
        Assert.Equal("line 101", history.Lines[0]);
    }

    [Fact]
    public void The_file_is_written_owner_only_and_read_back_at_the_next_start()
    {
        var history = CtlHistory.Open(FilePath);
        history.Add("system uptime");
        history.Add("system gc");

        Assert.Equal(["system uptime", "system gc"], File.ReadAllLines(FilePath));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(FilePath));
        Assert.Equal(["system uptime", "system gc"], CtlHistory.Open(FilePath).Lines);
    }

    [Fact]
    public void A_line_is_added_to_what_the_file_holds_now_and_the_file_keeps_the_last_500()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        File.WriteAllLines(FilePath, Enumerable.Range(0, 499).Select(i => $"old {i}"));
        var history = CtlHistory.Open(FilePath);
        File.AppendAllLines(FilePath, ["from another prompt"]);

        history.Add("system uptime");

        var lines = File.ReadAllLines(FilePath);
        Assert.Equal(CtlHistory.Limit, lines.Length);
        Assert.Equal("old 1", lines[0]);
        Assert.Equal(["from another prompt", "system uptime"], lines[^2..]);
    }
}
