using System.Diagnostics;
using System.Text.Json;
using Pit.Cli.Control;
using Pit.Cli.Tests.Support;
using static Pit.Cli.Tests.Support.PseudoTerminal;

namespace Pit.Cli.Tests.Commands;

/// <summary>
/// <c>pit ctl</c> with no command against a real <c>pit serve</c>: at a pseudo-terminal the
/// interactive prompt (completion, history, Ctrl-C), with piped input one command per line.
/// </summary>
public sealed class CtlPromptSpecs : IDisposable
{
    private readonly TempWorkspace _workspace = TempWorkspace.ForRuns();

    public void Dispose() => _workspace.Dispose();

    private string HistoryFile => _workspace.PathOf(".pit", CtlHistory.FileName);

    [Fact]
    public void Tab_completes_the_palette_and_the_command_Enter_runs_it_Up_recalls_it_and_exit_leaves()
    {
        using var pit = new ServedPit(_workspace);
        using var terminal = PseudoTerminal.StartPit(_workspace.Root, "ctl");

        terminal.Expect("pit> ")
            .Send("sys" + Tab).Line("pit> system ")
            .Send("up" + Tab).Line("pit> system uptime ")
            .Send(Enter).Expect("uptime_seconds:").Line("pit> ")
            .Send(Up).Line("pit> system uptime")
            .Send(CtrlC).Line("pit> ")
            .Send("exit" + Enter);

        Assert.Equal(0, terminal.WaitForExit());
        Assert.Equal(["system uptime", "exit"], File.ReadAllLines(HistoryFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(HistoryFile));
    }

    [Fact]
    public void A_second_Tab_lists_the_commands_under_the_prompt_and_help_reads_for_people()
    {
        using var pit = new ServedPit(_workspace);
        using var terminal = PseudoTerminal.StartPit(_workspace.Root, "ctl");

        terminal.Expect("pit> ")
            .Send("system " + Tab + Tab).Expect("gc       uptime   version").Line("pit> system ")
            .Send(CtrlU + "help" + Enter).Expect("system — the service process: version, uptime, memory").Expect("  system uptime ").Line("pit> ");
        Assert.DoesNotContain("\"palettes\"", terminal.Screen);

        terminal.Send(CtrlD);
        Assert.Equal(0, terminal.WaitForExit());
    }

    [Fact]
    public void Ctrl_C_at_the_prompt_drops_the_line_and_the_history_of_an_earlier_prompt_comes_back()
    {
        using var pit = new ServedPit(_workspace);
        File.WriteAllLines(HistoryFile, ["system version"]);
        using var terminal = PseudoTerminal.StartPit(_workspace.Root, "ctl");

        terminal.Expect("pit> ")
            .Send("syst").Line("pit> syst")
            .Send(CtrlC).Expect("pit> syst^C").Line("pit> ")
            .Send(Up).Line("pit> system version")
            .Send(Enter).Expect("runtime:").Line("pit> ")
            .Send("quit" + Enter);

        Assert.Equal(0, terminal.WaitForExit());
    }

    [Fact]
    public void Tab_completes_an_argument_from_the_service_and_Ctrl_C_or_SIGINT_stops_a_stream_without_leaving_the_prompt()
    {
        using var pit = new ServedPit(_workspace);
        using var terminal = PseudoTerminal.StartPit(_workspace.Root, "ctl");
        void TailUntilAReloadShows()
        {
            terminal.Send("log tail" + Enter);
            // The tail has subscribed once a reload's log line comes through it.
            Poll.Until(() =>
            {
                pit.Post("/api/reload");
                return terminal.Shows("Catalog: reloaded", TimeSpan.FromSeconds(1));
            }, "log tail to show the reload");
        }

        terminal.Expect("pit> ")
            .Send("log le" + Tab).Line("pit> log level ")
            .Send("i" + Tab).Line("pit> log level info ")
            .Send(Enter).Expect("level: info").Line("pit> ");
        TailUntilAReloadShows();
        terminal.Send(CtrlC).Expect("stopped").Line("pit> ")
            // The service ended the tail: the prompt's uptime is the only command running.
            .Send("system uptime" + Enter).Expect("control_commands: 1").Line("pit> ");
        // SIGINT from elsewhere (kill -INT) while a command runs stops it too.
        TailUntilAReloadShows();
        terminal.Signal(2).Expect("stopped").Line("pit> ")
            .Send("exit" + Enter);

        Assert.Equal(0, terminal.WaitForExit());
    }

    [Fact]
    public void Piped_lines_run_one_by_one_without_a_prompt_and_a_failed_one_makes_the_exit_1()
    {
        using var pit = new ServedPit(_workspace);

        var ok = Piped("system uptime\n\n# a comment\nsystem version\n");
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("uptime_seconds:", ok.Stdout);
        Assert.Contains("runtime:", ok.Stdout);
        Assert.DoesNotContain("pit>", ok.Stdout);
        Assert.DoesNotContain("connected to", ok.Stdout);

        var failed = Piped("system nope\nsystem uptime\n");
        Assert.True(failed.ExitCode == 1, failed.ToString());
        Assert.Contains("unknown command 'system nope'", failed.Stderr);
        Assert.Contains("uptime_seconds:", failed.Stdout);
    }

    [Fact]
    public void One_shot_help_reads_for_people_help_of_a_palette_shows_one_and_json_stays_raw()
    {
        using var pit = new ServedPit(_workspace);

        var all = PitProcess.Run(_workspace.Root, "ctl", "help");
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("system — the service process: version, uptime, memory\n", all.Stdout);
        Assert.Matches(@"\n  system uptime +when the service started", all.Stdout);
        Assert.Contains("cluster — ", all.Stdout);

        var one = PitProcess.Run(_workspace.Root, "ctl", "help", "system");
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Contains("  system gc ", one.Stdout);
        Assert.DoesNotContain("cluster", one.Stdout);

        var json = PitProcess.Run(_workspace.Root, "ctl", "--json", "help");
        Assert.True(json.ExitCode == 0, json.ToString());
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Contains(document.RootElement.GetProperty("palettes").EnumerateArray(), p => p.GetProperty("name").GetString() == "system");
    }

    /// <summary>Runs <c>pit ctl</c> in the workspace with <paramref name="input"/> piped to it.</summary>
    private PitResult Piped(string input)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workspace.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "pit.dll"));
        start.ArgumentList.Add("ctl");
        start.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start pit ctl");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("pit ctl with piped input did not finish");
        }
        return new PitResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
